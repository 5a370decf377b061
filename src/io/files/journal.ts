import { type FileHandle, open, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import { DEFAULTS } from "../../model/defaults.js";
import { asOwnerOf } from "./as-owner.js";
import { syncDirectory } from "./atomic-write.js";
import { withFileLock } from "./file-lock.js";
import { applyPrivacy, type FileNotice } from "./mode-support.js";
import { lstatOrNothing, resolveRealPath } from "./real-path.js";
import { MAX_FILE_BYTES, readRegularFile } from "./regular-file.js";

// The header makes a torn journal (killed while it was written) tell itself apart from a whole
// one: the length and CRC-32 of the content must both match.
const MAGIC = "sso-sync-journal 1";

/** Where the journal of an in-place write of `real` goes: beside it, hidden. */
export function journalPath(real: string): string {
  return join(dirname(real), `.${basename(real)}.sso-sync-journal`);
}

/** Writes the whole new content to the journal (0600) and makes it durable, directory too. */
export async function writeJournal(
  real: string,
  bytes: Buffer,
  onNotice?: FileNotice,
): Promise<void> {
  const path = journalPath(real);
  const header = `${MAGIC} ${bytes.length} ${crc32(bytes).toString(16)}\n`;
  const handle = await open(path, "w", 0o600);
  try {
    await applyPrivacy(handle, path, 0o600, undefined, onNotice);
    await handle.writeFile(Buffer.concat([Buffer.from(header), bytes]));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(dirname(path));
}

/** The content of a whole journal, or whether there is none or a torn one. */
async function readJournal(real: string): Promise<Buffer | "none" | "torn"> {
  let raw: Buffer;
  try {
    // As any file sso-sync reads: a FIFO or a device planted there is refused, not waited on.
    raw = (await readRegularFile(journalPath(real), MAX_FILE_BYTES + 100)).bytes;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "none";
    throw error;
  }
  const end = raw.indexOf(10);
  const fields = raw.subarray(0, Math.max(end, 0)).toString("latin1").split(" ");
  const body = raw.subarray(end + 1);
  const whole =
    end > 0 &&
    fields.slice(0, 2).join(" ") === MAGIC &&
    Number(fields[2]) === body.length &&
    body.length <= MAX_FILE_BYTES &&
    fields[3] === crc32(body).toString(16);
  return whole ? body : "torn";
}

/** Removes the journal and makes that durable. */
export async function removeJournal(real: string): Promise<void> {
  await unlink(journalPath(real)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await syncDirectory(dirname(real));
}

/**
 * Finishes what a killed in-place write of `real` left: a whole journal is written over the file
 * (again), a torn one is thrown away (the file was not touched yet). Call it under the file's lock.
 */
export async function settleJournal(real: string): Promise<"none" | "completed" | "discarded"> {
  const found = await readJournal(real);
  if (found === "none") return "none";
  if (found !== "torn") await overwrite(real, found);
  await removeJournal(real);
  return found === "torn" ? "discarded" : "completed";
}

/** Writes `bytes` over the file's content in place (same inode), truncates and fsyncs it. */
async function overwrite(real: string, bytes: Buffer): Promise<void> {
  const handle = await open(real, "r+").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return open(real, "wx", 0o600);
    throw error;
  });
  try {
    await writeAt0(handle, bytes);
  } finally {
    await handle.close();
  }
}

/** Writes `bytes` from offset 0, then cuts what is left of a longer old content, then fsyncs. */
export async function writeAt0(handle: FileHandle, bytes: Buffer): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, done);
    done += bytesWritten;
  }
  await handle.truncate(bytes.length);
  await handle.sync();
}

/**
 * Before an unlocked read: when a killed in-place write of `path` left its journal, takes the
 * file's lock and settles it first, so no reader works from a torn file. One stat otherwise.
 */
export async function settleBeforeReading(path: string): Promise<void> {
  const real = await resolveRealPath(path).catch(() => undefined);
  if (real === undefined) return;
  // Synchronous: this stat is on every run's path, and node:fs/promises costs more than it.
  if (lstatOrNothing(journalPath(real)) === undefined) return;
  await asOwnerOf(path, "write", () =>
    withFileLock(real, DEFAULTS.lockTimeoutSeconds * 1000, () => settleJournal(real)),
  );
}
