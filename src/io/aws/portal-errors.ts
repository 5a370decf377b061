import { ThrottledOut } from "./pacer.js";

/** Why GetRoleCredentials failed, in terms of what the user must do. */
export type PortalFailureKind =
  | "login-needed"
  | "forbidden"
  | "not-found"
  | "throttled"
  | "timeout"
  | "network"
  | "portal";

/** A classified portal failure with a one-line reason (never containing a secret). */
export interface PortalFailure {
  readonly kind: PortalFailureKind;
  readonly message: string;
}

/** What the request was, for naming it in a message. */
export interface PortalRequest {
  readonly region: string;
  readonly endpoint: string;
  readonly accountId: string;
  readonly roleName: string;
}

interface ErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
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

/** The portal endpoint the SDK will call: the standard override variables, else the AWS host. */
export function portalEndpoint(
  region: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return (
    env.AWS_ENDPOINT_URL_SSO || env.AWS_ENDPOINT_URL || `https://portal.sso.${region}.amazonaws.com`
  );
}

/** Maps an SDK or network error to what the user must do about it. */
export function classifyPortalError(
  error: unknown,
  request: PortalRequest,
  timeoutSeconds: number,
): PortalFailure {
  const shape = (typeof error === "object" && error !== null ? error : {}) as ErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const attempts = shape.$metadata?.attempts;
  const where = `the SSO portal for ${request.region} (${request.endpoint})`;
  const tries = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : "";
  const name = shape.name ?? "";
  if (error instanceof ThrottledOut) {
    const sent = error.attempts > 0 ? ` (${plural(error.attempts, "attempt")})` : "";
    return {
      kind: "throttled",
      message: `${where} kept throttling requests (429): no request of this run got through for ${error.budgetSeconds}s${sent}; try again later or raise --timeout`,
    };
  }
  if (name === "UnauthorizedException" || status === 401) {
    return {
      kind: "login-needed",
      message: "the SSO portal rejected the cached token (expired or signed out)",
    };
  }
  // ForbiddenException is not in the SSO model but the portal returns it for unassigned roles.
  if (name === "ForbiddenException" || status === 403) {
    return {
      kind: "forbidden",
      message: `role ${request.roleName} is not assigned to you in account ${request.accountId}; check sso_account_id and sso_role_name, or ask your administrator for the assignment`,
    };
  }
  if (name === "ResourceNotFoundException" && request.accountId !== "") {
    return {
      kind: "not-found",
      message: `account ${request.accountId} or role ${request.roleName} does not exist for this SSO session; check sso_account_id and sso_role_name`,
    };
  }
  // A 404 without the portal's error type came from something that is not the portal at all.
  if (status === 404) {
    return {
      kind: "portal",
      message: `HTTP 404 from ${request.endpoint}: that is not the SSO portal; check AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL (or sso_region when neither is set)`,
    };
  }
  if (name === "TooManyRequestsException" || status === 429) {
    return {
      kind: "throttled",
      message: `${where} kept throttling requests (429)${tries}; try again later`,
    };
  }
  if (
    name === "AbortError" ||
    name === "TimeoutError" ||
    shape.code === "ETIMEDOUT" ||
    /timed? ?out/i.test(shape.message ?? "")
  ) {
    return {
      kind: "timeout",
      message: `no answer from ${where} within ${timeoutSeconds}s; try again or raise --timeout`,
    };
  }
  if (name === "EndpointError") {
    return {
      kind: "portal",
      message: `cannot resolve the SSO portal endpoint for ${request.region}: ${shape.message ?? name}`,
    };
  }
  const code = networkCode(error);
  if (code !== undefined) {
    return {
      kind: "network",
      message: `cannot reach ${where}: ${code}; check the network and AWS_ENDPOINT_URL_SSO`,
    };
  }
  if (name === "InvalidRequestException" || status === 400) {
    return {
      kind: "portal",
      message: `${where} rejected the request: ${shape.message ?? "invalid request"}`,
    };
  }
  if (status !== undefined && status >= 500)
    return {
      kind: "portal",
      message: `${where} failed with HTTP ${status}${tries}; try again later`,
    };
  return {
    kind: "portal",
    message: `unexpected answer from ${where}: ${name || "error"}${status ? ` (HTTP ${status})` : ""}`,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
