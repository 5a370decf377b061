import type { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * The HTTP handler every AWS client here uses: socket timeouts within the run's deadline, and a
 * timeout that throws (the handler otherwise prints a warning of its own on stderr and waits on).
 */
export async function httpHandler(
  timeoutSeconds: number,
  maxSockets?: number,
): Promise<NodeHttpHandler> {
  const { NodeHttpHandler } = await import("@smithy/node-http-handler");
  const socketMs = Math.min(timeoutSeconds * 1000, 10_000);
  const agent = maxSockets === undefined ? undefined : { keepAlive: true, maxSockets };
  return new NodeHttpHandler({
    connectionTimeout: socketMs,
    requestTimeout: socketMs,
    throwOnRequestTimeout: true,
    ...(agent === undefined ? {} : { httpAgent: agent, httpsAgent: agent }),
  });
}
