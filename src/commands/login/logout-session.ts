import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { NetworkSettings } from "../../io/aws/http-handler.js";
import { portalLogout } from "../../io/aws/portal-logout.js";
import { LockBusyError, withFileLock } from "../../io/files/file-lock.js";
import {
  readTokenVersion,
  removeTokenVersion,
  type TokenVersion,
  withLogoutAnnounced,
} from "../../io/files/token-file.js";
import { tokenCacheFileName } from "../../model/token-file-name.js";
import type { ListingSource } from "../shared/listing-source.js";

/** How patient one session's logout is, and where the portal is. */
export interface LogoutSettings {
  /** The portal's Logout, retries included, ends within this long. */
  readonly timeoutSeconds: number;
  /** How long to wait for a refresh or login of this session that holds the token's lock. */
  readonly lockWaitMs: number;
  /** The proxy and CA bundle the portal is reached through. */
  readonly network: NetworkSettings;
  /** Hears, once, that a refresh or login of this session is being waited for. */
  readonly onWait?: (label: string) => void;
  /** Hears that the portal is slow to answer (for the progress line). */
  readonly onWaiting?: () => void;
}

/** The line one session's logout prints, and whether it counts as a failure (exit 4). */
export interface SessionLogout {
  readonly line: string;
  readonly failed: boolean;
}

// A token file rewritten while its token was being revoked (by `aws sso login`) is revoked again.
const ATTEMPTS = 3;

function accessTokenOf(version: TokenVersion | undefined): string | undefined {
  if (version === undefined) return undefined;
  try {
    const token = (JSON.parse(version.text) as { accessToken?: unknown } | null)?.accessToken;
    return typeof token === "string" && token !== "" ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Logs one session out as `aws sso logout` does: the portal's Logout with the cached token, then
 * the token file removed, even when the portal could not be told. The logout is announced first,
 * so a refresh in flight drops its result, and the token's lock is held throughout, so the token
 * revoked is the one in the file and no refresh or login writes it back meanwhile.
 */
export async function logoutSession(
  source: ListingSource,
  settings: LogoutSettings,
): Promise<SessionLogout> {
  const path = join(source.request.cacheDir, tokenCacheFileName(source.request.tokenKey));
  try {
    return await withLogoutAnnounced(path, settings.lockWaitMs, () =>
      withFileLock(
        path,
        settings.lockWaitMs,
        () => revokeAndRemove(path, source, settings),
        () => settings.onWait?.(source.label),
      ),
    );
  } catch (error) {
    if (!(error instanceof LockBusyError)) throw error;
    return {
      line: `sso-sync: ${source.label} was not logged out: ${error.message}; try again when the other sso-sync (a login waiting for its browser?) is done`,
      failed: true,
    };
  }
}

async function revokeAndRemove(
  path: string,
  source: ListingSource,
  settings: LogoutSettings,
): Promise<SessionLogout> {
  let problem: string | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const version = await readTokenVersion(path).catch(() => undefined);
    const token = accessTokenOf(version);
    if (version === undefined || token === undefined)
      return attempt === 1
        ? { line: `sso-sync: ${source.label} was not logged in`, failed: false }
        : told(source, problem);
    problem = await portalLogout(source.request.ssoRegion, token, settings);
    if (removeTokenVersion(path, version.identity)) return told(source, problem);
  }
  // Rewritten under it every time: the file goes, as `aws sso logout` removes it whatever it holds.
  await rm(path, { force: true });
  return told(source, problem);
}

/** The line for a session whose token file is gone, saying why when the portal was not told. */
function told(source: ListingSource, problem: string | undefined): SessionLogout {
  if (problem === undefined)
    return { line: `sso-sync: logged out of ${source.label}`, failed: false };
  return {
    line: `sso-sync: logged out of ${source.label} on this machine (its token file is removed; the session stays valid at the portal until it expires): ${problem}`,
    failed: true,
  };
}
