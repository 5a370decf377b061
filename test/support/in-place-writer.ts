import { open } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Writes `text` to `path` as the AWS CLI up to at least 2.9 writes its token cache: open with
 * truncation (the inode stays), then the bytes in `pieces` writes `pauseMs` apart, so a reader can
 * see the file empty or cut short meanwhile.
 */
export async function writeInPlace(
  path: string,
  text: string,
  pieces = 3,
  pauseMs = 0,
): Promise<void> {
  const bytes = Buffer.from(text, "utf8");
  const handle = await open(path, "w", 0o600);
  try {
    const size = Math.ceil(bytes.length / pieces);
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (offset > 0 && pauseMs > 0) await sleep(pauseMs);
      await handle.write(bytes, offset, Math.min(size, bytes.length - offset), offset);
    }
  } finally {
    await handle.close();
  }
}

/** A writer that keeps rewriting a file in place until stopped. */
export interface Rewriter {
  /** How many rewrites were made so far. */
  count(): number;
  /** Stops after the rewrite under way; resolves with how many rewrites were made. */
  stop(): Promise<number>;
}

/**
 * Rewrites `path` with `text` in place again and again: each rewrite leaves the file empty or cut
 * short for about `halfMs` (three pieces), then whole for `wholeMs`, as a slowed-down AWS CLI
 * 2.9 login or refresh would. `wholeMs` stays above the readers' ~300 ms backoff.
 */
export function keepRewriting(
  path: string,
  text: string,
  halfMs: number,
  wholeMs: number,
): Rewriter {
  let stopping = false;
  let count = 0;
  const loop = (async () => {
    while (!stopping) {
      await writeInPlace(path, text, 3, halfMs / 2);
      count++;
      await sleep(wholeMs);
    }
  })();
  return {
    count: () => count,
    async stop() {
      stopping = true;
      await loop;
      return count;
    },
  };
}
