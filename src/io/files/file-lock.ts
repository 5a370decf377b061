import { statSync } from "node:fs";
import { lstat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { asOwnerOf } from "./as-owner.js";

/** The credentials file is locked by another process for longer than we wait. */
export class LockBusyError extends Error {
  override readonly name = "LockBusyError";
}

/** Another run took our lock over (we were stopped or starved past the stale time). */
export class LockLostError extends Error {
  override readonly name = "LockLostError";
}

/** The wait for the lock was given up because `signal` aborted (Ctrl-C). */
export class LockWaitAbortedError extends Error {
  override readonly name = "LockWaitAbortedError";
}

/** The work was done, but the lock could not be removed: the next runs would wait for it. */
export class LockReleaseError extends Error {
  override readonly name = "LockReleaseError";
}

// A crashed run's lock is taken over after STALE_MS; a live holder refreshes it every UPDATE_MS.
const STALE_MS = 5_000;
const UPDATE_MS = 1_000;

async function acquire(
  path: string,
  waitMs: number,
  onCompromised: (error: Error) => void,
  onWait?: () => void,
  signal?: AbortSignal,
): Promise<() => Promise<void>> {
  await refuseForeignLock(`${path}.lock`);
  // Loaded on first use: runs that write nothing should not pay for it at start-up.
  const { lock } = await import("proper-lockfile");
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await lock(path, {
        realpath: false,
        lockfilePath: `${path}.lock`,
        stale: STALE_MS,
        update: UPDATE_MS,
        retries: 0,
        onCompromised,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      // Said once, so a person knows why nothing happens for a while.
      onWait?.();
      onWait = undefined;
      if (signal?.aborted) throw new LockWaitAbortedError(`stopped waiting for ${path}.lock`);
      if (Date.now() >= deadline) {
        throw new LockBusyError(`${path} is locked by another process (lock: ${path}.lock)`);
      }
      // Jitter keeps many waiting runs (cron, hooks, terminals) from retrying in lockstep.
      await sleep(20 + Math.random() * 80);
    }
  }
}

/**
 * Whether a live run holds `<path>.lock` (there, and refreshed within the stale time). Synchronous,
 * so a writer can ask right before its rename with nothing asynchronous in between.
 */
export function lockHeldSync(path: string): boolean {
  try {
    const stats = statSync(`${path}.lock`);
    return stats.isDirectory() && Date.now() - stats.mtimeMs < STALE_MS;
  } catch {
    return false;
  }
}

/** A file (not a directory) at the lock's path is not ours to remove, nor a lock to wait for. */
async function refuseForeignLock(lockPath: string): Promise<void> {
  const stats = await lstat(lockPath).catch(() => undefined);
  if (stats !== undefined && !stats.isDirectory())
    throw new LockBusyError(
      `${lockPath} is a file, not a lock sso-sync can take; if no sso-sync is running, remove it`,
    );
}

/**
 * Runs `fn` while holding `<path>.lock`, waiting at most `waitMs` for other holders; `onWait` hears
 * once that another holder is being waited for; `signal` aborting stops the wait.
 */
export async function withFileLock<T>(
  path: string,
  waitMs: number,
  fn: (assertHeld: () => void) => Promise<T>,
  onWait?: () => void,
  signal?: AbortSignal,
): Promise<T> {
  let compromised: Error | undefined;
  const compromise = (error: Error) => {
    compromised = error;
  };
  // The lock directory is created as the owner of the file's directory would (run as root).
  const release = await asOwnerOf(path, "write", () =>
    acquire(path, waitMs, compromise, onWait, signal),
  );
  const assertHeld = () => {
    if (compromised !== undefined)
      throw new LockLostError(`lost the lock on ${path}: ${compromised.message}`);
  };
  let result: T;
  try {
    result = await fn(assertHeld);
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  const failed = await release().then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error,
  );
  // A lock another run took over, or one already gone, is not ours to report.
  if (failed !== undefined && compromised === undefined && failed.code !== "ENOENT")
    throw new LockReleaseError(
      `${path} was written, but its lock ${path}.lock could not be removed (${failed.code ?? failed.message}); other runs will wait for it: remove it by hand`,
    );
  return result;
}
