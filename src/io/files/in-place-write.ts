import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import type { BeforeRename } from "./atomic-write.js";
import { removeJournal, writeAt0, writeJournal } from "./journal.js";
import { applyPrivacy, type FileNotice } from "./mode-support.js";
import { type FileIdentity, identityOf, sameIdentity } from "./regular-file.js";

/**
 * Writes `bytes` over the existing file `real` in place, so its inode, its hard links and a bind
 * mount of it keep seeing it. Crash-safe through the journal: the whole content is made durable
 * beside the file first, and a run that finds it finishes the write (settleJournal). `check`
 * refuses (by throwing) when the file is no longer the version the content came from; then the
 * file is untouched and the journal removed. A reader may see a partial file while it is written.
 */
export async function writeInPlace(
  real: string,
  bytes: Buffer,
  check: BeforeRename | undefined,
  onNotice?: FileNotice,
): Promise<void> {
  await writeJournal(real, bytes, onNotice);
  let started = false;
  try {
    const handle = await open(real, "r+");
    try {
      const stats = await handle.stat();
      // Both the open file and the name must still be the version that was read.
      check?.((identity) => sameIdentity(identityOf(stats), identity) && samePath(real, identity));
      started = true;
      // 0600, or stricter when the file already is: never wider (as a replaced file is).
      const mode = stats.mode & 0o600;
      if ((stats.mode & 0o777) !== mode)
        await applyPrivacy(handle, real, mode, undefined, onNotice);
      await writeAt0(handle, bytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    // Once the file is being written, the journal is what completes it on the next run.
    if (!started) await removeJournal(real).catch(() => undefined);
    throw error;
  }
  await removeJournal(real);
}

function samePath(real: string, identity: FileIdentity | undefined): boolean {
  try {
    return sameIdentity(identityOf(statSync(real)), identity);
  } catch {
    return false;
  }
}
