import { renameSync, statSync } from "node:fs";
import { type FileHandle, open, readdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { type FileIdentity, identityOf, sameIdentity } from "./regular-file.js";

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

interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Run as root on someone else's file (cron, sudo), new files go back to that file's owner; a file
 * created new goes to the owner of its directory (a user's ~/.aws), not to root.
 */
async function ownerToKeep(path: string): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
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
  text: string,
  owner: Owner | undefined,
  mode = 0o600,
): Promise<void> {
  await handle.writeFile(text, "utf8");
  // The umask cannot widen 0600, but a chmod makes the mode exact whatever the umask is.
  await handle.chmod(mode);
  if (owner !== undefined) await handle.chown(owner.uid, owner.gid);
  await handle.sync();
}

/**
 * Replaces `path` with `text` atomically: temp file (0600, or the file's stricter mode) in the
 * same directory, fsync, rename. `beforeRename` may refuse (by throwing) right before the rename,
 * with nothing asynchronous in between: the check and the rename are two system calls apart.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  beforeRename?: BeforeRename,
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
    await fillPrivately(handle, text, owner, mode);
    await handle.close();
    beforeRename?.((identity) => sameIdentity(identityNow(path), identity));
    renameSync(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Writes `text` to a new 0600 file (which must not exist yet), owned like `ownerOf`. */
export async function writeNewPrivateFile(
  path: string,
  text: string,
  ownerOf: string,
): Promise<void> {
  const owner = await ownerToKeep(ownerOf);
  const handle = await open(path, "wx", 0o600);
  try {
    await fillPrivately(handle, text, owner);
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable; some platforms cannot open a directory, which is fine.
  const handle = await open(dir, "r").catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}
