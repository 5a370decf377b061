import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { routedAgent } from "./proxy-agent.js";

/** What a profile's AWS calls go through: the proxy variables, and its CA bundle if it has one. */
export interface NetworkSettings {
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read from here (either case). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The bundle's PEM text, already read and checked (see readCaBundle). */
  readonly ca?: { readonly path: string; readonly pem: string };
}

/** How one client's requests are bounded. */
export interface HandlerLimits {
  readonly timeoutSeconds: number;
  readonly maxSockets?: number;
  /**
   * A socket that stays silent this long is given up and the attempt retried (default 10 s, so a
   * paced call can retry within --timeout); a login's requests wait their whole --timeout instead.
   */
  readonly stallSeconds?: number;
}

/**
 * The HTTP handler every AWS client here uses, the one place that decides how a request travels:
 * through the proxy botocore would use (or directly), trusting the profile's CA bundle, with
 * socket timeouts within the run's deadline, and a timeout that throws (the handler otherwise
 * prints a warning of its own on stderr and waits on).
 */
export async function httpHandler(
  limits: HandlerLimits,
  network: NetworkSettings,
): Promise<NodeHttpHandler> {
  // Loaded with the SDK clients, in the bundle's part that a run with nothing to fetch never compiles.
  const { NodeHttpHandler } = await import("@smithy/node-http-handler");
  const socketMs = Math.min(limits.timeoutSeconds, limits.stallSeconds ?? 10) * 1000;
  const settings = {
    env: network.env,
    ...(limits.maxSockets === undefined ? {} : { maxSockets: limits.maxSockets }),
    ...(network.ca === undefined ? {} : { ca: network.ca.pem }),
  };
  return new NodeHttpHandler({
    connectionTimeout: socketMs,
    requestTimeout: socketMs,
    throwOnRequestTimeout: true,
    httpAgent: routedAgent(false, settings),
    httpsAgent: routedAgent(true, settings),
  });
}
