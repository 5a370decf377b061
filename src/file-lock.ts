import { lock } from "proper-lockfile";

/** The credentials file is locked by another process for longer than we wait. */
export class LockBusyError extends Error {}

// A crashed run's lock is taken over after STALE_MS; a live holder refreshes it every UPDATE_MS.
const STALE_MS = 5_000;
const UPDATE_MS = 1_000;

/** Runs `fn` while holding `<path>.lock`, waiting a bounded time (about 20 s) for other holders. */
export async function withFileLock<T>(
  path: string,
  fn: (assertHeld: () => void) => Promise<T>,
): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(path, {
      realpath: false,
      lockfilePath: `${path}.lock`,
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: { retries: 60, factor: 1.3, minTimeout: 10, maxTimeout: 400, randomize: true },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new LockBusyError(`${path} is locked by another process (lock: ${path}.lock)`);
    }
    throw error;
  }
  const assertHeld = () => {
    if (compromised !== undefined)
      throw new LockBusyError(`lost the lock on ${path}: ${compromised.message}`);
  };
  try {
    return await fn(assertHeld);
  } finally {
    await release().catch(() => undefined);
  }
}
