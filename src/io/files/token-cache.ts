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
import { writeFileAtomic } from "./atomic-write.js";
import { LockBusyError, withFileLock } from "./file-lock.js";
import { MAX_FILE_BYTES, readRegularFile } from "./regular-file.js";

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
 * refresh runs under a lock on the cache file and re-reads it first: a refresh token may be
 * single-use, so concurrent runs must not both spend it.
 */
export async function obtainToken(
  request: TokenRequest,
  settings: TokenSettings,
): Promise<TokenState> {
  const path = join(request.cacheDir, tokenCacheFileName(request.tokenKey));
  const first = await readAssessment(path, request, settings.now());
  if (first.kind !== "refresh") return settle(first);
  // A dry run or status only says the token would be refreshed.
  if (!settings.refresh) return first.current ? { ok: true, token: first.current } : refreshable();
  // A token still valid is refreshed only when nobody holds the cache (botocore too keeps using
  // a valid token it cannot refresh): a login waiting for its browser holds it for minutes.
  const current = first.current;
  if (current !== undefined)
    return lockedRefresh(path, request, settings, 0, undefined).catch((error: unknown) => {
      if (error instanceof LockBusyError) return { ok: true, token: current };
      throw error;
    });
  return lockedRefresh(path, request, settings, settings.lockWaitMs, () =>
    settings.onEvent?.({ kind: "lock-wait", path }),
  );
}

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
      const text = await readTokenText(path);
      const now = settings.now();
      const again = assessToken(text, now, request.isSession);
      if (again.kind !== "refresh") return settle(again);
      const { createToken } = await import("../aws/oidc-client.js");
      const outcome = await createToken(request.ssoRegion, again.grant, settings);
      if (!outcome.ok) {
        // botocore keeps using a token that has not expired yet when the refresh fails.
        if (again.current !== undefined) return { ok: true, token: again.current };
        const problem = outcome.rejected ? "refresh-rejected" : "refresh-unavailable";
        return { ok: false, problem, detail: outcome.detail };
      }
      assertHeld();
      await writeFileAtomic(path, refreshedCacheText(text, outcome.created, now), assertHeld);
      const expiresAt = new Date(now.getTime() + outcome.created.expiresInSeconds * 1000);
      return { ok: true, token: { accessToken: outcome.created.accessToken, expiresAt } };
    },
    onWait,
  );
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
  try {
    return assessToken(await readTokenText(path), now, request.isSession);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === "ENOENT" || code === "ENOTDIR";
    return { kind: "login", problem: missing ? "missing" : "unreadable" };
  }
}

async function readTokenText(path: string): Promise<string> {
  return (await readRegularFile(path, MAX_FILE_BYTES)).bytes.toString("utf8");
}

function settle(assessment: TokenAssessment): TokenState {
  if (assessment.kind === "use") return { ok: true, token: assessment.token };
  if (assessment.kind === "login") return { ok: false, problem: assessment.problem };
  return refreshable();
}

/** A token that has expired but would be refreshed: good enough to plan a dry run with. */
function refreshable(): TokenState {
  return { ok: true, token: { accessToken: "", expiresAt: new Date(0) } };
}
