import { isThrottlingError, isTransientError } from "@smithy/core/retry";
import { ThrottledOut } from "./pacer.js";
import { ProxyError } from "./proxy-agent.js";

/** What to do after a failed attempt: pace and retry, back off and retry (a few times), or stop. */
export type RetryClass = "throttled" | "transient" | "final";

/** Why an AWS call failed, in terms a message can be chosen by. */
export type ErrorCause =
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "throttled"
  | "timeout"
  | "network"
  | "proxy"
  | "tls"
  | "endpoint"
  | "server"
  | "bad-request";

/** One failed AWS call, classified once for the portal, STS, OIDC and logout code alike. */
export interface AwsErrorClass {
  readonly retry: RetryClass;
  readonly cause: ErrorCause;
  /** The service's error name (`UnauthorizedException`), or the error's name. */
  readonly name: string;
  /** The service's own message, when it sent one. */
  readonly message?: string;
  readonly status?: number;
  /** The socket or TLS code (`ENOTFOUND`, `SELF_SIGNED_CERT_IN_CHAIN`) for network and TLS causes. */
  readonly code?: string;
  /** Attempts made, when the pacing or the SDK counted them. */
  readonly attempts?: number;
  /** When the pacing gave up on a throttling endpoint: how long it let nothing through. */
  readonly budgetSeconds?: number;
  /** For the proxy cause: the proxy (no password) and its answer to CONNECT, if it answered. */
  readonly proxy?: {
    readonly shown?: string;
    readonly variable?: string;
    readonly status?: number;
  };
}

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);
// Node's (OpenSSL's) codes for a certificate the trust store does not vouch for.
const TLS_CODES = /^(ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_SSL_|HOSTNAME_MISMATCH)/;
const UNAUTHORIZED = new Set([
  "UnauthorizedException",
  "InvalidGrantException",
  "ExpiredTokenException",
  "InvalidClientException",
  "UnauthorizedClientException",
]);
const FORBIDDEN = new Set(["ForbiddenException", "AccessDenied", "AccessDeniedException"]);

/** The retry class alone, as the SDK's standard retry decides it (@smithy/core). */
export function retryKind(error: unknown): RetryClass {
  if (typeof error !== "object" || error === null) return "final";
  if (isThrottlingError(error as never)) return "throttled";
  // A proxy that refused the tunnel (407, 403) will refuse the next one too.
  if (error instanceof ProxyError && error.status !== undefined) return "final";
  return isTransientError(error as never) ? "transient" : "final";
}

/** Classifies an SDK, socket, TLS or proxy error from one AWS call. */
export function classifyAwsError(error: unknown): AwsErrorClass {
  const shape = asShape(error);
  const status = shape.$metadata?.httpStatusCode;
  const base = {
    retry: retryKind(error),
    name: typeof shape.name === "string" ? shape.name : "Error",
    ...(typeof shape.message === "string" && shape.message !== ""
      ? { message: shape.message }
      : {}),
    ...(status === undefined ? {} : { status }),
    ...attemptsOf(error, shape),
  };
  return { ...base, ...causeOf(error, shape, base.name, status) };
}

function causeOf(
  error: unknown,
  shape: ErrorShape,
  name: string,
  status: number | undefined,
): Pick<AwsErrorClass, "cause" | "code" | "proxy"> {
  if (error instanceof ThrottledOut) return { cause: "throttled" };
  const proxy = findInChain(error, (each) => (each instanceof ProxyError ? each : undefined));
  if (proxy !== undefined && proxy.status !== undefined)
    return { cause: "proxy", proxy: { shown: proxy.proxy, status: proxy.status } };
  if (isTimeout(shape, name)) return { cause: "timeout" };
  const code = findInChain(error, (each) => {
    const value = asShape(each).code;
    return typeof value === "string" && (NETWORK_CODES.has(value) || TLS_CODES.test(value))
      ? value
      : undefined;
  });
  if (code !== undefined && TLS_CODES.test(code)) return { cause: "tls", code };
  if (proxy !== undefined)
    return { cause: "proxy", proxy: { shown: proxy.proxy }, ...codeOf(code) };
  if (code !== undefined) return { cause: "network", code };
  if (name === "EndpointError") return { cause: "endpoint" };
  if (status === 407) return { cause: "proxy", proxy: { status } };
  if (UNAUTHORIZED.has(name) || status === 401) return { cause: "unauthorized" };
  if (FORBIDDEN.has(name) || status === 403) return { cause: "forbidden" };
  if (name === "ResourceNotFoundException" || status === 404) return { cause: "not-found" };
  if (isThrottlingError(shape as never)) return { cause: "throttled" };
  if (status !== undefined && status >= 500) return { cause: "server" };
  if (status !== undefined && status >= 400) return { cause: "bad-request" };
  return {
    cause: name.endsWith("Exception") || name === "InvalidRequest" ? "bad-request" : "server",
  };
}

function codeOf(code: string | undefined): { code?: string } {
  return code === undefined ? {} : { code };
}

function isTimeout(shape: ErrorShape, name: string): boolean {
  return (
    name === "AbortError" ||
    name === "TimeoutError" ||
    shape.code === "ETIMEDOUT" ||
    (typeof shape.message === "string" && /timed? ?out/i.test(shape.message))
  );
}

function attemptsOf(
  error: unknown,
  shape: ErrorShape,
): { attempts?: number; budgetSeconds?: number } {
  if (error instanceof ThrottledOut)
    return { attempts: error.attempts, budgetSeconds: error.budgetSeconds };
  const attempts = shape.$metadata?.attempts;
  return attempts === undefined ? {} : { attempts };
}

function findInChain<T>(error: unknown, pick: (each: unknown) => T | undefined): T | undefined {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const found = pick(current);
    if (found !== undefined) return found;
    current = asShape(current).cause;
  }
  return undefined;
}

function asShape(error: unknown): ErrorShape {
  return (typeof error === "object" && error !== null ? error : {}) as ErrorShape;
}
