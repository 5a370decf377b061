import { statSync, unlinkSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { writeFileAtomic } from "./atomic-write.js";
import { lockHeldSync, withFileLock } from "./file-lock.js";
import {
  type FileIdentity,
  identityOf,
  MAX_FILE_BYTES,
  readRegularFile,
  sameIdentity,
} from "./regular-file.js";

/** One version of a token cache file: its text and what identifies that version. */
export interface TokenVersion {
  readonly text: string;
  readonly identity: FileIdentity;
}

/** The token file is no longer the version that was read: another program wrote or removed it. */
export class TokenFileChangedError extends Error {
  override readonly name = "TokenFileChangedError";
}

/** A logout of this token began while the write was being prepared: the write is dropped. */
export class LogoutBegunError extends Error {
  override readonly name = "LogoutBegunError";
}

// The AWS CLI up to at least 2.9 truncates the cache file and writes it in place, so a reader can
// see it empty or cut short; it is read again for about 300 ms in all before it counts as broken.
const REREAD_MS = [20, 40, 80, 160];

function looksComplete(text: string): boolean {
  if (text.trim() === "") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function readOnce(path: string): Promise<TokenVersion> {
  const read = await readRegularFile(path, MAX_FILE_BYTES);
  return { text: read.bytes.toString("utf8"), identity: read.identity };
}

/**
 * Reads a token cache file; one that is empty or not JSON is read again with a short backoff (a
 * writer may be half-way through it), and what is there after that is returned as it is.
 */
export async function readTokenVersion(path: string): Promise<TokenVersion> {
  let version = await readOnce(path);
  for (const waitMs of REREAD_MS) {
    if (looksComplete(version.text)) break;
    await sleep(waitMs);
    version = await readOnce(path);
  }
  return version;
}

function identityNow(path: string): FileIdentity | undefined {
  try {
    return identityOf(statSync(path));
  } catch {
    return undefined;
  }
}

/**
 * Replaces the token file with `text` atomically, only if it is still the version `expected`
 * (undefined: no file) and `check` does not throw; both are asked right before the rename.
 */
export function writeTokenVersion(
  path: string,
  text: string,
  expected: FileIdentity | undefined,
  check: () => void,
): Promise<void> {
  return writeFileAtomic(path, text, (unchanged) => {
    check();
    if (!unchanged(expected))
      throw new TokenFileChangedError(`${path} changed while it was being written`);
  });
}

/** Removes the token file if it is still the version `expected`; false when it changed. */
export function removeTokenVersion(path: string, expected: FileIdentity): boolean {
  if (!sameIdentity(identityNow(path), expected)) return false;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return true;
}

/** Whether anything is at the token file's path now. */
export function tokenFilePresent(path: string): boolean {
  return identityNow(path) !== undefined;
}

function intentPath(path: string): string {
  return `${path}.logout`;
}

/**
 * Runs `fn` with a logout of the token file announced (a lock of its own next to the token's, so
 * a killed logout's announcement goes stale like any lock): a refresh in flight sees it and drops
 * its result instead of writing the token back.
 */
export function withLogoutAnnounced<T>(
  path: string,
  waitMs: number,
  fn: () => Promise<T>,
  onWait?: () => void,
): Promise<T> {
  return withFileLock(intentPath(path), waitMs, fn, onWait);
}

/** Whether a logout of this token file has begun and its run is alive. */
export function logoutBegun(path: string): boolean {
  return lockHeldSync(intentPath(path));
}
