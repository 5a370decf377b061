import { isProxyProblem, proxyFor } from "../../model/proxy-env.js";
import type { AwsErrorClass } from "./aws-error.js";
import type { NetworkSettings } from "./http-handler.js";

/** The call that failed, for naming it: what it is, the endpoint it went to, and its variable. */
export interface CallTarget {
  /** `the SSO portal for eu-west-1`, `STS AssumeRole ARN (profile P)`, ... */
  readonly where: string;
  readonly endpoint: string;
  /** The endpoint override a user would check (`AWS_ENDPOINT_URL_SSO`). */
  readonly endpointVariable: string;
}

const UNREACHABLE: Readonly<Record<string, string>> = {
  ENOTFOUND: "does not resolve",
  EAI_AGAIN: "could not be resolved (the name server did not answer)",
};

/**
 * The sentence for a timeout, network, proxy or TLS failure (undefined for the others, whose
 * words belong to each service): the host, the proxy without its password, the bundle, the fix.
 */
export function networkWords(
  failure: AwsErrorClass,
  target: CallTarget,
  timeoutSeconds: number,
  network: NetworkSettings,
): string | undefined {
  const host = hostOf(target.endpoint);
  const head = `cannot reach ${target.where} (${target.endpoint})`;
  if (failure.cause === "timeout")
    return `no answer from ${target.where} (${target.endpoint}) within ${timeoutSeconds}s; try again or raise --timeout`;
  if (failure.cause === "tls") return `${head}: ${tlsWords(failure.code ?? "", host, network)}`;
  if (failure.cause === "proxy") return `${head}: ${proxyWords(failure, target, network)}`;
  if (failure.cause !== "network") return undefined;
  const code = failure.code ?? "";
  const unresolved = UNREACHABLE[code];
  if (unresolved !== undefined)
    return `${head}: the name ${host} ${unresolved}; check the network, the proxy, or sso_region`;
  return `${head}: ${code}; check the network and ${target.endpointVariable}`;
}

function tlsWords(code: string, host: string, network: NetworkSettings): string {
  const bundle = network.ca === undefined ? "" : ` by the CA bundle ${network.ca.path}`;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID")
    return `the certificate of ${host} is not for that name; check the endpoint URL`;
  if (code === "CERT_HAS_EXPIRED") return `the certificate of ${host} has expired`;
  return `the certificate of ${host} is not trusted${bundle}; set AWS_CA_BUNDLE or ca_bundle to your company's CA bundle`;
}

function proxyWords(failure: AwsErrorClass, target: CallTarget, network: NetworkSettings): string {
  const chosen = proxyOf(target.endpoint, network);
  const shown = failure.proxy?.shown ?? chosen?.shown ?? "the proxy";
  const variable = chosen?.variable ?? "HTTPS_PROXY";
  const status = failure.proxy?.status;
  if (status === undefined)
    return `the proxy ${shown} cannot be reached${failure.code ? ` (${failure.code})` : ""}; check ${variable}, or list ${hostOf(target.endpoint)} in NO_PROXY`;
  if (status === 407)
    return chosen?.authorization === undefined
      ? `the proxy ${shown} needs credentials (407); put them in ${variable} as http://USER:PASSWORD@HOST:PORT (percent-encoded)`
      : `the proxy ${shown} did not accept the credentials in ${variable} (407)`;
  const host = hostOf(target.endpoint);
  if (status >= 500)
    return `the proxy ${shown} could not open a tunnel to ${host} (HTTP ${status}: it could not resolve or reach it); check the network, the proxy, or sso_region`;
  return `the proxy ${shown} refused the tunnel to ${host} (HTTP ${status}); check ${variable} and NO_PROXY, or ask for ${host} to be allowed`;
}

function proxyOf(endpoint: string, network: NetworkSettings) {
  try {
    const url = new URL(endpoint);
    const scheme = url.protocol === "http:" ? "http" : "https";
    const port = url.port === "" ? undefined : Number(url.port);
    const chosen = proxyFor(scheme, url.hostname, port, network.env);
    return chosen === undefined || isProxyProblem(chosen) ? undefined : chosen;
  } catch {
    return undefined;
  }
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).hostname;
  } catch {
    return endpoint;
  }
}
