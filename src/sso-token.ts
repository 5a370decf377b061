import { createHash } from "node:crypto";
import { parseExpiry } from "./expiry.js";

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
  | "bad-expiry"
  | "expired";

/** A usable token, or the reason there is none. */
export type TokenState =
  | { readonly ok: true; readonly token: SsoToken }
  | { readonly ok: false; readonly problem: TokenProblem };

/** The cache file name the AWS CLI uses: SHA1 of the exact start URL or sso-session name. */
export function tokenCacheFileName(tokenKey: string): string {
  return `${createHash("sha1").update(tokenKey, "utf8").digest("hex")}.json`;
}

/** Judges a cache file's text at `now`: a token that has expired is never sent to the portal. */
export function evaluateToken(text: string, now: Date): TokenState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problem: "garbled" };
  }
  if (typeof data !== "object" || data === null) return { ok: false, problem: "garbled" };
  const { accessToken, expiresAt } = data as Record<string, unknown>;
  if (typeof accessToken !== "string" || accessToken === "")
    return { ok: false, problem: "no-access-token" };
  const expiry = typeof expiresAt === "string" ? parseExpiry(expiresAt) : undefined;
  if (expiry === undefined) return { ok: false, problem: "bad-expiry" };
  if (expiry.getTime() <= now.getTime()) return { ok: false, problem: "expired" };
  return { ok: true, token: { accessToken, expiresAt: expiry } };
}

/** A short human reason for a token problem. */
export function describeTokenProblem(problem: TokenProblem): string {
  switch (problem) {
    case "missing":
      return "no cached SSO token";
    case "unreadable":
      return "the cached SSO token cannot be read";
    case "garbled":
      return "the cached SSO token is not valid JSON";
    case "no-access-token":
      return "the cached SSO token has no accessToken";
    case "bad-expiry":
      return "the cached SSO token has no readable expiresAt";
    case "expired":
      return "the SSO session has expired";
  }
}
