import { createHash } from "node:crypto";
import { formatTimestamp, parseExpiry } from "./expiry.js";

/** What botocore names a client registration after (SSOTokenFetcher._registration_cache_key). */
export interface RegistrationKey {
  readonly startUrl: string;
  readonly region: string;
  /**
   * sso_registration_scopes as the config sets them, or null when it sets none: botocore names
   * the registration after these, before any default is applied.
   */
  readonly scopes: readonly string[] | null;
  /** The sso-session name, or null for a legacy profile. */
  readonly sessionName: string | null;
}

/** An SSO-OIDC client registration, as the AWS CLI caches it. */
export interface Registration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt: Date;
  readonly scopes?: readonly string[];
  /** Present for a PKCE registration: ["authorization_code", "refresh_token"]. */
  readonly grantTypes?: readonly string[];
}

/** Which login flow a registration was made for: one flow's client cannot serve the other. */
export type RegistrationFlow = "pkce" | "device";

/** The grant types a PKCE registration asks for (AWS CLI v2). */
export const PKCE_GRANT_TYPES: readonly string[] = ["authorization_code", "refresh_token"];

/** A token as the AWS CLI writes it into ~/.aws/sso/cache/<sha1>.json after a login. */
export interface LoggedInToken {
  readonly startUrl: string;
  readonly region: string;
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly registration: Registration;
  readonly refreshToken?: string;
}

// sso_registration_scopes unset on a session: the scope that gets a refresh token (the AWS CLI's
// browser-flow default; sso-sync applies it to the device flow too, which otherwise gets none).
const DEFAULT_SCOPES: readonly string[] = ["sso:account:access"];

/** The scopes to register with: the configured ones, else the default for a session. */
export function registrationScopes(key: RegistrationKey): readonly string[] | null {
  if (key.scopes !== null) return key.scopes;
  return key.sessionName === null ? null : DEFAULT_SCOPES;
}

// A registration is reused only while it stays valid this long (botocore and the AWS CLI).
const REUSE_MARGIN_MS = 15 * 60_000;

/** Python's json.dumps (ensure_ascii, ", " and ": " separators, sort_keys): what botocore hashes. */
function pythonJson(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string")
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([key, item]) => `${pythonJson(key)}: ${pythonJson(item)}`).join(", ")}}`;
}

/** The registration cache file name the AWS CLI uses, so both reuse one registration. */
export function registrationCacheFileName(key: RegistrationKey): string {
  const args = {
    tool: "botocore",
    startUrl: key.startUrl,
    region: key.region,
    scopes: key.scopes,
    session_name: key.sessionName,
  };
  return `${createHash("sha1").update(pythonJson(args), "utf8").digest("hex")}.json`;
}

/** The registration cache entry's text (botocore's field names and `...Z` timestamps). */
export function registrationCacheText(registration: Registration): string {
  const body: Record<string, unknown> = {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    expiresAt: formatTimestamp(registration.expiresAt),
  };
  if (registration.scopes !== undefined) body.scopes = registration.scopes;
  if (registration.grantTypes !== undefined) body.grantTypes = registration.grantTypes;
  return `${JSON.stringify(body)}\n`;
}

/** The flow a cached registration serves: PKCE when its grant types include the code grant. */
function flowOf(grantTypes: unknown): RegistrationFlow {
  return Array.isArray(grantTypes) && grantTypes.includes("authorization_code") ? "pkce" : "device";
}

/** A cached registration of `flow` still good for more than 15 minutes, or undefined. */
export function reusableRegistration(
  text: string,
  now: Date,
  flow: RegistrationFlow,
): Registration | undefined {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { clientId, clientSecret, expiresAt, scopes, grantTypes } = data ?? {};
  if (typeof clientId !== "string" || typeof clientSecret !== "string") return undefined;
  if (flowOf(grantTypes) !== flow) return undefined;
  const expiry = typeof expiresAt === "string" ? parseExpiry(expiresAt) : undefined;
  if (expiry === undefined || expiry.getTime() - now.getTime() <= REUSE_MARGIN_MS) return undefined;
  const list = Array.isArray(scopes)
    ? scopes.filter((s): s is string => typeof s === "string")
    : undefined;
  const base = { clientId, clientSecret, expiresAt: expiry };
  const withScopes = list === undefined ? base : { ...base, scopes: list };
  return flow === "pkce" ? { ...withScopes, grantTypes: PKCE_GRANT_TYPES } : withScopes;
}

/** The token cache entry's text, with the fields botocore refreshes from. */
export function loggedInTokenText(token: LoggedInToken): string {
  const body: Record<string, unknown> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: formatTimestamp(token.expiresAt),
    clientId: token.registration.clientId,
    clientSecret: token.registration.clientSecret,
    registrationExpiresAt: formatTimestamp(token.registration.expiresAt),
  };
  if (token.refreshToken !== undefined) body.refreshToken = token.refreshToken;
  return `${JSON.stringify(body)}\n`;
}
