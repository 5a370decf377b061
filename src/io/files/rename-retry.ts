import { rename as fsRename } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { FileInUseError } from "./fs-error.js";

/**
 * Waits between attempts while another program holds the target open: about 1.8 s in all, short
 * enough for a run under the lock (a live holder refreshes it every second, stale after five).
 */
export const RENAME_RETRY_DELAYS_MS: readonly number[] = [10, 20, 40, 80, 160, 320, 400, 400, 400];

// What Windows answers when the target (or the temp file) is open in another process without
// FILE_SHARE_DELETE, or mapped, or scanned right now; graceful-fs retries the same codes.
const IN_USE = new Set(["EPERM", "EACCES", "EBUSY"]);

/** What renameReplacing needs; the defaults are the real rename and timer. */
export interface RenameRetry {
  /** Whether a refusal can be another program's open handle (Windows) rather than a real denial. */
  readonly retry: boolean;
  readonly delaysMs?: readonly number[];
  readonly rename?: (from: string, to: string) => Promise<void>;
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** Called before each retry; throws when the run may no longer write (its lock was lost). */
  readonly beforeRetry?: () => void;
}

/**
 * Renames `from` over `to`. Where `retry` is set, EPERM/EACCES/EBUSY are retried with backoff and,
 * when they last, end as a FileInUseError; everything else is thrown at once.
 */
export async function renameReplacing(from: string, to: string, how: RenameRetry): Promise<void> {
  const rename = how.rename ?? fsRename;
  const wait = how.sleep ?? sleep;
  const delays = how.retry ? (how.delaysMs ?? RENAME_RETRY_DELAYS_MS) : [];
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (!how.retry || !IN_USE.has(code)) throw error;
      const delay = delays[attempt];
      if (delay === undefined) throw new FileInUseError(code);
      await wait(delay);
      how.beforeRetry?.();
    }
  }
}
