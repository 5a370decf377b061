import { formatTimestamp, parseExpiry } from "./expiry.js";

/** The parts of a cached SSO token that sso-sync uses. */
export interface SsoToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
}

/** Why a token cannot be used; every case means the user must log in again. */
export type TokenProblem =
  | "missing"
  | "unreadable"
  | "garbled"
  | "no-access-token"
  | "bad-access-token"
  | "bad-expiry"
  | "expired"
  | "registration-expired"
  | "refresh-rejected"
  | "refresh-unavailable"
  | "logged-out";

/**
 * A session's token as a report shows it: usable, or the reason it is not (`detail` adds what
 * the OIDC service said). A state, not a Failure: one session needing a login is a line of the
 * sync or status report, and the run goes on with the others.
 */
export type TokenState =
  | { readonly state: "usable"; readonly token: SsoToken }
  | { readonly state: "unusable"; readonly problem: TokenProblem; readonly detail?: string };

/** What SSO-OIDC CreateToken needs to refresh an sso-session token without a browser. */
export interface RefreshGrant {
  readonly refreshToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly registrationExpiresAt: Date;
}

/** What to do with a cache entry: use its token, refresh it first, or ask for a login. */
export type TokenAssessment =
  | { readonly kind: "use"; readonly token: SsoToken; readonly canRefresh: boolean }
  | { readonly kind: "refresh"; readonly grant: RefreshGrant; readonly current?: SsoToken }
  | { readonly kind: "login"; readonly problem: TokenProblem };

// botocore refreshes a session token once fewer than 15 minutes remain (the JS SDK waits for 5).
const REFRESH_WINDOW_MS = 15 * 60_000;

/** The cache entry as a JSON object, or undefined when it is not one. */
function parseTokenCache(text: string): Record<string, unknown> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof data === "object" && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

function evaluateFields(data: Record<string, unknown>, now: Date): TokenState {
  const { accessToken, expiresAt } = data;
  if (typeof accessToken !== "string" || accessToken === "")
    return { state: "unusable", problem: "no-access-token" };
  // CR, LF or NUL would make the SDK refuse the header only after its retries: decide now.
  if ([...accessToken].some(isControl)) return { state: "unusable", problem: "bad-access-token" };
  const expiry = typeof expiresAt === "string" ? parseExpiry(expiresAt) : undefined;
  if (expiry === undefined) return { state: "unusable", problem: "bad-expiry" };
  if (expiry.getTime() <= now.getTime()) return { state: "unusable", problem: "expired" };
  return { state: "usable", token: { accessToken, expiresAt: expiry } };
}

/** The refresh grant of a cache entry, when all four fields botocore requires are there. */
function refreshGrantOf(data: Record<string, unknown>): RefreshGrant | undefined {
  const { refreshToken, clientId, clientSecret, registrationExpiresAt } = data;
  const strings = [refreshToken, clientId, clientSecret];
  if (!strings.every((value) => typeof value === "string" && value !== "")) return undefined;
  const registration =
    typeof registrationExpiresAt === "string" ? parseExpiry(registrationExpiresAt) : undefined;
  if (registration === undefined) return undefined;
  return {
    refreshToken: refreshToken as string,
    clientId: clientId as string,
    clientSecret: clientSecret as string,
    registrationExpiresAt: registration,
  };
}

/**
 * Decides, as botocore does, whether a cache entry's token is used as is, refreshed first (only
 * sso-session tokens, with a complete grant and an unexpired client registration), or needs a login.
 */
export function assessToken(text: string, now: Date, isSession: boolean): TokenAssessment {
  const data = parseTokenCache(text);
  if (data === undefined) return { kind: "login", problem: "garbled" };
  const state = evaluateFields(data, now);
  const grant = isSession ? refreshGrantOf(data) : undefined;
  const registered = grant !== undefined && grant.registrationExpiresAt > now;
  if (
    state.state === "usable" &&
    state.token.expiresAt.getTime() - now.getTime() > REFRESH_WINDOW_MS
  )
    return { kind: "use", token: state.token, canRefresh: registered };
  if (grant !== undefined && registered)
    return state.state === "usable"
      ? { kind: "refresh", grant, current: state.token }
      : { kind: "refresh", grant };
  // Without a way to refresh, a token in its last 15 minutes is still good until it expires.
  if (state.state === "usable") return { kind: "use", token: state.token, canRefresh: false };
  if (grant !== undefined && state.problem === "expired")
    return { kind: "login", problem: "registration-expired" };
  return { kind: "login", problem: state.problem };
}

/** A short human reason for a token problem. */
export function describeTokenProblem(problem: TokenProblem, detail?: string): string {
  const reason = problemText(problem);
  return detail === undefined ? reason : `${reason} (${detail})`;
}

function problemText(problem: TokenProblem): string {
  switch (problem) {
    case "missing":
      return "no cached SSO token";
    case "unreadable":
      return "the cached SSO token cannot be read";
    case "garbled":
      return "the cached SSO token is not valid JSON";
    case "no-access-token":
      return "the cached SSO token has no accessToken";
    case "bad-access-token":
      return "the cached SSO token's accessToken holds control characters no HTTP header can carry";
    case "bad-expiry":
      return "the cached SSO token has no readable expiresAt";
    case "expired":
      return "the SSO session has expired";
    case "registration-expired":
      return "the SSO session has expired and its client registration too, so it cannot be refreshed";
    case "refresh-rejected":
      return "the SSO session has expired and the refresh was refused";
    case "refresh-unavailable":
      return "the SSO session needs a refresh, which failed";
    case "logged-out":
      return "the SSO session was logged out while its token was being refreshed";
  }
}

/** The cache entry after a refresh, as botocore writes it: other fields kept, `...Z` expiry. */
export function refreshedCacheText(
  text: string,
  created: { accessToken: string; expiresInSeconds: number; refreshToken?: string },
  now: Date,
): string {
  const data = parseTokenCache(text) ?? {};
  const expiresAt = formatTimestamp(new Date(now.getTime() + created.expiresInSeconds * 1000));
  const updated: Record<string, unknown> = { ...data, accessToken: created.accessToken, expiresAt };
  // A refresh token may be single-use: keep the rotated one or the next refresh fails.
  if (created.refreshToken !== undefined) updated.refreshToken = created.refreshToken;
  return `${JSON.stringify(updated)}\n`;
}
