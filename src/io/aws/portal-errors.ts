import { portalEndpoint } from "../../model/oidc-endpoint.js";
import {
  type AwsFailureCause,
  type Failure,
  loginFailure,
  profileFailure,
} from "../../model/result.js";
import { classifyAwsError } from "./aws-error.js";
import type { NetworkSettings } from "./http-handler.js";
import { networkWords } from "./network-words.js";

/** Why GetRoleCredentials failed, in terms of what the user must do. */
export type PortalFailureKind = "login-needed" | AwsFailureCause;

/** A classified portal failure with a one-line reason (never containing a secret). */
export interface PortalFailure {
  readonly kind: PortalFailureKind;
  readonly message: string;
}

/** The Failure for a classified portal or STS failure: the one place a PortalFailure becomes one. */
export function portalFailure(failure: PortalFailure): Failure {
  return failure.kind === "login-needed"
    ? loginFailure(failure.message)
    : profileFailure(failure.message, failure.kind);
}

/** What the request was, for naming it in a message. */
export interface PortalRequest {
  readonly region: string;
  readonly endpoint: string;
  readonly accountId: string;
  readonly roleName: string;
}

export { portalEndpoint };

/** Maps an SDK or network error to what the user must do about it. */
export function classifyPortalError(
  error: unknown,
  request: PortalRequest,
  timeoutSeconds: number,
  network: NetworkSettings = { env: {} },
): PortalFailure {
  const failure = classifyAwsError(error);
  const { status, attempts, name } = failure;
  const where = `the SSO portal for ${request.region} (${request.endpoint})`;
  const tries = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : "";
  const target = {
    where: `the SSO portal for ${request.region}`,
    endpoint: request.endpoint,
    endpointVariable: "AWS_ENDPOINT_URL_SSO",
  };
  const words = networkWords(failure, target, timeoutSeconds, network);
  switch (failure.cause) {
    case "throttled":
      if (failure.budgetSeconds !== undefined) {
        const sent = attempts ? ` (${plural(attempts, "attempt")})` : "";
        return {
          kind: "throttled",
          message: `${where} kept throttling requests (429): no request of this run got through for ${failure.budgetSeconds}s${sent}; try again later or raise --timeout`,
        };
      }
      return {
        kind: "throttled",
        message: `${where} kept throttling requests (429)${tries}; try again later`,
      };
    case "unauthorized":
      return {
        kind: "login-needed",
        message: "the SSO portal rejected the cached token (expired or signed out)",
      };
    // ForbiddenException is not in the SSO model but the portal returns it for unassigned roles.
    case "forbidden":
      return {
        kind: "forbidden",
        message: `role ${request.roleName} is not assigned to you in account ${request.accountId}; check sso_account_id and sso_role_name, or ask your administrator for the assignment`,
      };
    case "not-found":
      return notFound(request, name);
    case "timeout":
      return { kind: "timeout", message: words ?? where };
    case "network":
    case "proxy":
    case "tls":
      return { kind: "network", message: words ?? where };
    case "endpoint":
      return {
        kind: "portal",
        message: `cannot resolve the SSO portal endpoint for ${request.region}: ${failure.message ?? name}`,
      };
    case "bad-request":
      if (name === "InvalidRequestException" || status === 400)
        return {
          kind: "portal",
          message: `${where} rejected the request: ${failure.message ?? "invalid request"}`,
        };
      break;
    case "server":
      if (status !== undefined && status >= 500)
        return {
          kind: "portal",
          message: `${where} failed with HTTP ${status}${tries}; try again later`,
        };
  }
  return {
    kind: "portal",
    message: `unexpected answer from ${where}: ${name || "error"}${status ? ` (HTTP ${status})` : ""}`,
  };
}

function notFound(request: PortalRequest, name: string): PortalFailure {
  if (name === "ResourceNotFoundException" && request.accountId !== "")
    return {
      kind: "not-found",
      message: `account ${request.accountId} or role ${request.roleName} does not exist for this SSO session; check sso_account_id and sso_role_name`,
    };
  // A 404 without the portal's error type came from something that is not the portal at all.
  return {
    kind: "portal",
    message: `HTTP 404 from ${request.endpoint}: that is not the SSO portal; check AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL (or sso_region when neither is set)`,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
