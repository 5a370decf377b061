import { renameSync, statSync } from "node:fs";
import { type FileHandle, open, readdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { asOwnerOf } from "./as-owner.js";
import { applyPrivacy, type FileNotice, type Owner } from "./mode-support.js";
import { type FileIdentity, identityOf, refuseTooLarge, sameIdentity } from "./regular-file.js";
import { renameReplacing } from "./rename-retry.js";

function tempPrefix(path: string): string {
  return `.${basename(path)}.sso-sync-`;
}

/**
 * Removes temp files a killed writer left next to `path`. Call it only while holding the file's
 * lock: then no live writer of ours can own one.
 */
export async function removeStaleTempFiles(path: string): Promise<void> {
  const prefix = tempPrefix(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const stale = names.filter((name) => name.startsWith(prefix) && name.endsWith(".tmp"));
  await Promise.all(stale.map((name) => unlink(join(dirname(path), name)).catch(() => undefined)));
}

/**
 * Run as root on someone else's file (cron, sudo), new files go back to that file's owner; a file
 * created new goes to the owner of its directory (a user's ~/.aws), not to root.
 */
async function ownerToKeep(path: string): Promise<Owner | undefined> {
  // Effective: working as the directory's owner already (asOwnerOf), files are born theirs.
  if (process.geteuid?.() !== 0) return undefined;
  const existing =
    (await stat(path).catch(() => undefined)) ?? (await stat(dirname(path)).catch(() => undefined));
  return existing === undefined ? undefined : { uid: existing.uid, gid: existing.gid };
}

/** 0600, or stricter when the file already is (a 0400 file stays 0400): never wider. */
async function modeToKeep(path: string): Promise<number> {
  const existing = await stat(path).catch(() => undefined);
  return existing === undefined ? 0o600 : existing.mode & 0o600;
}

/** The identity of the file at `path` now, or undefined when there is none. */
function identityNow(path: string): FileIdentity | undefined {
  try {
    return identityOf(statSync(path));
  } catch {
    return undefined;
  }
}

/** Checks, just before the rename, that `path` is still the version the new text came from. */
export type BeforeRename = (unchanged: (identity: FileIdentity | undefined) => boolean) => void;

async function fillPrivately(
  handle: FileHandle,
  path: string,
  text: string | Uint8Array,
  owner: Owner | undefined,
  mode: number,
  onNotice: FileNotice | undefined,
): Promise<void> {
  await handle.writeFile(text, typeof text === "string" ? "utf8" : {});
  // The umask cannot widen 0600, but a chmod makes the mode exact whatever the umask is. The
  // temp file is ours: where the filesystem refuses it, that is the filesystem (applyPrivacy).
  await applyPrivacy(handle, path, mode, owner, onNotice);
  await handle.sync();
}

/**
 * Replaces `path` with `text` (UTF-8, or bytes) atomically: temp file (0600, or the file's
 * stricter mode) in the same directory, fsync, rename. `beforeRename` may refuse (by throwing)
 * right before the rename, with nothing asynchronous in between: the check and the rename are two
 * system calls apart. On Windows a rename refused because another program has `path` open is
 * retried for about two seconds (the check runs again before each try), then ends in
 * FileInUseError. Content larger than sso-sync reads back is refused before anything is written;
 * run as root in another user's directory, it does only what that user could (asOwnerOf).
 */
export function writeFileAtomic(
  path: string,
  text: string | Uint8Array,
  beforeRename?: BeforeRename,
  onNotice?: FileNotice,
): Promise<void> {
  refuseTooLarge(path, typeof text === "string" ? Buffer.byteLength(text) : text.length);
  return asOwnerOf(path, "write", () => replaceByRename(path, text, beforeRename, onNotice));
}

async function replaceByRename(
  path: string,
  text: string | Uint8Array,
  beforeRename: BeforeRename | undefined,
  onNotice: FileNotice | undefined,
): Promise<void> {
  const dir = dirname(path);
  // Unique enough: the file is created with "wx", which fails rather than share a name. Not
  // node:crypto, whose load would cost every run that writes a few milliseconds.
  const suffix = Math.random().toString(16).slice(2, 10);
  const temp = join(dir, `${tempPrefix(path)}${process.pid}-${suffix}.tmp`);
  const owner = await ownerToKeep(path);
  const mode = await modeToKeep(path);
  const handle = await open(temp, "wx", 0o600);
  try {
    await fillPrivately(handle, path, text, owner, mode, onNotice);
    await handle.close();
    await renameReplacing(temp, path, {
      retry: process.platform === "win32",
      // An identity refusal carries no error code: it is thrown at once, never retried.
      rename: async (from, to) => {
        beforeRename?.((identity) => sameIdentity(identityNow(path), identity));
        renameSync(from, to);
      },
    });
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Writes `text` to a new 0600 file (which must not exist yet), owned like `ownerOf`. */
export function writeNewPrivateFile(
  path: string,
  text: string,
  ownerOf: string,
  onNotice?: FileNotice,
): Promise<void> {
  return asOwnerOf(path, "write", async () => {
    const owner = await ownerToKeep(ownerOf);
    const handle = await open(path, "wx", 0o600);
    try {
      await fillPrivately(handle, path, text, owner, 0o600, onNotice);
    } finally {
      await handle.close();
    }
  });
}

/** Makes a rename, creation or removal in `dir` durable (fsync of the directory). */
export async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable. Windows refuses to fsync a directory (EPERM; NTFS journals
  // the rename itself), so it is not tried there; other platforms that cannot open one are fine.
  if (process.platform === "win32") return;
  const handle = await open(dir, "r").catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}
