import { join } from "node:path";
import type { SsoProfile } from "../../model/profile-types.js";
import type { RunEvent } from "../../model/run-context.js";
import {
  assessToken,
  refreshedCacheText,
  type TokenAssessment,
  type TokenState,
} from "../../model/sso-token.js";
import { tokenCacheFileName } from "../../model/token-file-name.js";
import type { OidcSettings } from "../aws/oidc-client.js";
import { createToken } from "../aws/oidc-client.js";
import { portalLogout } from "../aws/portal-logout.js";
import { LockBusyError, withFileLock } from "./file-lock.js";
import {
  LogoutBegunError,
  logoutBegun,
  readTokenVersion,
  TokenFileChangedError,
  type TokenVersion,
  tokenFilePresent,
  writeTokenVersion,
} from "./token-file.js";

/** Which token to obtain and how. */
export interface TokenRequest {
  readonly cacheDir: string;
  readonly tokenKey: string;
  readonly isSession: boolean;
  readonly ssoRegion: string;
}

/** The token request for a profile's session or start URL. */
export function tokenRequest(profile: SsoProfile, cacheDir: string): TokenRequest {
  return {
    cacheDir,
    tokenKey: profile.tokenKey,
    isSession: profile.source.kind === "session",
    ssoRegion: profile.ssoRegion,
  };
}

/** How a token is obtained: `refresh` false (dry run, status) never calls SSO-OIDC. */
export interface TokenSettings extends OidcSettings {
  readonly refresh: boolean;
  readonly lockWaitMs: number;
  readonly now: () => Date;
  /** Hears that another run holds the cache's lock (a refresh in progress). */
  readonly onEvent?: (event: RunEvent) => void;
}

/**
 * The token to use for one cache entry, refreshed through SSO-OIDC when botocore would. The
 * refresh runs under the cache file's lock (login and logout take it too) and re-reads it first:
 * a refresh token may be single-use, so concurrent runs must not both spend it. The new token is
 * written only over the version it came from and only while no logout has begun.
 */
export async function obtainToken(
  request: TokenRequest,
  settings: TokenSettings,
): Promise<TokenState> {
  const path = join(request.cacheDir, tokenCacheFileName(request.tokenKey));
  const first = await readAssessment(path, request, settings.now());
  if (first.kind !== "refresh") return settle(first);
  // A dry run or status only says the token would be refreshed.
  if (!settings.refresh)
    return first.current ? { state: "usable", token: first.current } : refreshable();
  // A token still valid is refreshed only when nobody holds the cache (botocore too keeps using
  // a valid token it cannot refresh): a login waiting for its browser holds it for minutes.
  const current = first.current;
  if (current !== undefined)
    return lockedRefresh(path, request, settings, 0, undefined).catch((error: unknown) => {
      if (error instanceof LockBusyError) return { state: "usable", token: current };
      throw error;
    });
  return lockedRefresh(path, request, settings, settings.lockWaitMs, () =>
    settings.onEvent?.({ kind: "lock-wait", path }),
  );
}

// A run that finds the token file rewritten under it (botocore, `aws sso login`) reads it again
// this many times before it settles for what is there.
const ATTEMPTS = 3;

const LOGGED_OUT: TokenState = { state: "unusable", problem: "logged-out" };

/** The refresh itself, under the cache's lock, after reading the cache again. */
function lockedRefresh(
  path: string,
  request: TokenRequest,
  settings: TokenSettings,
  waitMs: number,
  onWait: (() => void) | undefined,
): Promise<TokenState> {
  return withFileLock(
    path,
    waitMs,
    async (assertHeld) => {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const state = await refreshOnce(path, request, settings, assertHeld);
        if (state !== "changed") return state;
      }
      return lastWord(await readAssessment(path, request, settings.now()));
    },
    onWait,
  );
}

/**
 * One refresh from the version of the file read now; "changed" when another program rewrote the
 * file before the new token could be written (its token is then read and judged instead).
 */
async function refreshOnce(
  path: string,
  request: TokenRequest,
  settings: TokenSettings,
  assertHeld: () => void,
): Promise<TokenState | "changed"> {
  const read = await readVersion(path);
  if (typeof read === "string") return { state: "unusable", problem: read };
  const now = settings.now();
  const again = assessToken(read.text, now, request.isSession);
  if (again.kind !== "refresh") return settle(again);
  if (logoutBegun(path)) return LOGGED_OUT;
  const outcome = await createToken(request.ssoRegion, again.grant, settings);
  if (!outcome.ok) {
    // botocore keeps using a token that has not expired yet when the refresh fails.
    if (again.current !== undefined) return { state: "usable", token: again.current };
    const problem = outcome.failure.kind === "login" ? "refresh-rejected" : "refresh-unavailable";
    return { state: "unusable", problem, detail: outcome.failure.message };
  }
  const text = refreshedCacheText(read.text, outcome.value, now);
  try {
    await writeTokenVersion(path, text, read.identity, () => {
      assertHeld();
      if (logoutBegun(path)) throw new LogoutBegunError(`a logout of ${path} began`);
    });
  } catch (error) {
    const loggedOut =
      error instanceof LogoutBegunError ||
      (error instanceof TokenFileChangedError && !tokenFilePresent(path));
    const changed = !loggedOut && error instanceof TokenFileChangedError;
    if (!loggedOut && !changed) throw error;
    // Nobody will ever use or revoke the token this refresh got (another program's token, or none,
    // is in the file now): end it at the portal too, so a logout leaves no session alive.
    await portalLogout(request.ssoRegion, outcome.value.accessToken, settings);
    return changed ? "changed" : LOGGED_OUT;
  }
  const expiresAt = new Date(now.getTime() + outcome.value.expiresInSeconds * 1000);
  return { state: "usable", token: { accessToken: outcome.value.accessToken, expiresAt } };
}

/** What a file that kept changing under the refresh holds, without refreshing it again. */
function lastWord(assessment: TokenAssessment): TokenState {
  if (assessment.kind !== "refresh") return settle(assessment);
  if (assessment.current !== undefined) return { state: "usable", token: assessment.current };
  return {
    state: "unusable",
    problem: "refresh-unavailable",
    detail: "the token file kept changing",
  };
}

/** Reads and judges one cache entry without refreshing it. */
export function readTokenAssessment(request: TokenRequest, now: Date): Promise<TokenAssessment> {
  return readAssessment(join(request.cacheDir, tokenCacheFileName(request.tokenKey)), request, now);
}

async function readAssessment(
  path: string,
  request: TokenRequest,
  now: Date,
): Promise<TokenAssessment> {
  const read = await readVersion(path);
  if (typeof read === "string") return { kind: "login", problem: read };
  return assessToken(read.text, now, request.isSession);
}

/** The file's current version (re-read while half-written), or the token problem it makes. */
async function readVersion(path: string): Promise<TokenVersion | "missing" | "unreadable"> {
  try {
    return await readTokenVersion(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "missing" : "unreadable";
  }
}

function settle(assessment: TokenAssessment): TokenState {
  if (assessment.kind === "use") return { state: "usable", token: assessment.token };
  if (assessment.kind === "login") return { state: "unusable", problem: assessment.problem };
  return refreshable();
}

/** A token that has expired but would be refreshed: good enough to plan a dry run with. */
function refreshable(): TokenState {
  return { state: "usable", token: { accessToken: "", expiresAt: new Date(0) } };
}
