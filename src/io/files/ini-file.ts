import { lstat, mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { asOwnerOf } from "./as-owner.js";
import { removeStaleTempFiles, writeNewPrivateFile } from "./atomic-write.js";
import { backupPrefix } from "./backups.js";
import { LockBusyError, LockLostError, withFileLock } from "./file-lock.js";
import { settleBeforeReading, settleJournal } from "./journal.js";
import { resolveRealPath } from "./real-path.js";
import {
  type FileIdentity,
  MAX_FILE_BYTES,
  NotRegularFileError,
  readRegularFile,
  refuseTooLarge,
} from "./regular-file.js";
import { BY_RENAME, replaceFile, type WriteHow } from "./replace-file.js";

/** What an edit under the lock decided: the new text (undefined: leave the file alone). */
export interface CredentialsEdit<R> {
  readonly text: string | undefined;
  /** Keep a copy of the file as it was before this write (a section is being taken over). */
  readonly backup: boolean;
  readonly result: R;
}

/** The edit's result, and where a backup went. */
export interface CredentialsUpdate<R> {
  readonly result: R;
  readonly backupFile?: string;
}

/** The credentials file holds bytes that are not UTF-8; rewriting it could change them. */
export class NotUtf8Error extends Error {
  override readonly name = "NotUtf8Error";
}

/** Another writer replaced the file between our read and our write (we had lost the lock). */
class FileChangedError extends Error {
  override readonly name = "FileChangedError";
}

// fatal: a byte that is not UTF-8 would otherwise become U+FFFD and be written back changed;
// ignoreBOM: keep a byte-order mark a Windows editor left, so it is written back too.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// A run that finds the file changed under it starts over this many times before giving up.
const ATTEMPTS = 5;

/** The text of an INI file and the version it came from; an absent file reads as empty. */
async function readVersion(path: string): Promise<{ text: string; identity?: FileIdentity }> {
  let read: Awaited<ReturnType<typeof readRegularFile>>;
  try {
    read = await readRegularFile(path, MAX_FILE_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { text: "" };
    throw error;
  }
  try {
    return { text: strictUtf8.decode(read.bytes), identity: read.identity };
  } catch {
    throw new NotUtf8Error(
      `${path} is not UTF-8 text; sso-sync will not rewrite it (convert it to UTF-8)`,
    );
  }
}

/** Reads the credentials file (a killed in-place write settled first); absent reads as empty. */
export async function readCredentialsText(path: string): Promise<string> {
  await settleBeforeReading(path);
  return (await readVersion(path)).text;
}

/**
 * Re-reads the file under its lock, applies `edit`, and replaces it atomically. A symlinked file
 * keeps its link: the link's target is what gets replaced. The file is replaced only if it is
 * still the version the edit was applied to; if another run replaced it meanwhile (this run was
 * stopped or starved past the lock's stale time and the lock was taken over), the whole cycle
 * starts again under a fresh lock, so neither run's sections are lost. `how` says whether to
 * write in place; run as root in another user's directory, it does only what that user could.
 */
export function updateCredentialsFile<R>(
  path: string,
  edit: (current: string) => CredentialsEdit<R>,
  backupSuffix: string,
  lockWaitMs: number,
  onWait?: () => void,
  how: WriteHow = BY_RENAME,
): Promise<CredentialsUpdate<R>> {
  return asOwnerOf(path, "write", () =>
    updateLocked(path, edit, backupSuffix, lockWaitMs, onWait, how),
  );
}

async function updateLocked<R>(
  path: string,
  edit: (current: string) => CredentialsEdit<R>,
  backupSuffix: string,
  lockWaitMs: number,
  onWait: (() => void) | undefined,
  how: WriteHow,
): Promise<CredentialsUpdate<R>> {
  const real = await resolveRealPath(path);
  await refuseNonRegular(real);
  // The AWS CLI creates ~/.aws readable by its owner only.
  await ensureDirectory(dirname(real));
  for (let attempt = 1; ; attempt++) {
    try {
      return await withFileLock(
        real,
        lockWaitMs,
        (assertHeld) => editOnce(real, edit, backupSuffix, assertHeld, how),
        onWait,
      );
    } catch (error) {
      const again = error instanceof FileChangedError || error instanceof LockLostError;
      if (!again || attempt >= ATTEMPTS) throw rethrown(error, real);
    }
  }
}

async function editOnce<R>(
  real: string,
  edit: (current: string) => CredentialsEdit<R>,
  backupSuffix: string,
  assertHeld: () => void,
  how: WriteHow,
): Promise<CredentialsUpdate<R>> {
  // Before anything else: a killed in-place write is finished or thrown away.
  await settleJournal(real);
  await removeStaleTempFiles(real);
  const { text: current, identity } = await readVersion(real);
  const change = edit(current);
  if (change.text === undefined || change.text === current) return { result: change.result };
  // Refused before the backup too: nothing is written at all.
  refuseTooLarge(real, Buffer.byteLength(change.text));
  let backupFile: string | undefined;
  if (change.backup && current !== "") {
    const name = `${backupPrefix(real)}${backupSuffix}`;
    backupFile = await writeBackup(real, name, current, how);
  }
  await replaceFile(
    real,
    change.text,
    (unchanged) => {
      assertHeld();
      if (!unchanged(identity)) throw new FileChangedError(`${real} changed while it was edited`);
    },
    how,
  );
  return backupFile === undefined
    ? { result: change.result }
    : { result: change.result, backupFile };
}

function rethrown(error: unknown, real: string): unknown {
  if (error instanceof FileChangedError || error instanceof LockLostError)
    return new LockBusyError(`${real} kept changing under other runs (${ATTEMPTS} tries)`);
  return error;
}

/** A device, FIFO or directory at the path is refused before anything is locked or written. */
async function refuseNonRegular(real: string): Promise<void> {
  const stats = await stat(real).catch(() => undefined);
  if (stats !== undefined && !stats.isFile()) throw new NotRegularFileError(real, stats);
}

/**
 * Creates `dir` (0700) and any missing parents one level at a time. Node's recursive mkdir spins
 * forever where mkdir keeps failing with ENOENT under an existing parent (/proc/1/nope).
 */
async function ensureDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = dir;
  while ((await lstat(current).catch(() => undefined)) === undefined) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const each of missing) {
    try {
      await mkdir(each, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/** Writes a backup that never replaces an earlier one: `name`, else `name-2`, `name-3`, ... */
async function writeBackup(
  original: string,
  name: string,
  text: string,
  how: WriteHow,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? name : `${name}-${attempt}`;
    try {
      await writeNewPrivateFile(candidate, text, original, how.onNotice);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 100) throw error;
    }
  }
}
