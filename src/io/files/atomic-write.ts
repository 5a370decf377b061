import { type FileHandle, open, readdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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

interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** Run as root on someone else's file (cron, sudo), new files go back to that file's owner. */
async function ownerToKeep(path: string): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await stat(path).catch(() => undefined);
  return existing === undefined ? undefined : { uid: existing.uid, gid: existing.gid };
}

async function fillPrivately(
  handle: FileHandle,
  text: string | Uint8Array,
  owner: Owner | undefined,
): Promise<void> {
  await handle.writeFile(text, typeof text === "string" ? "utf8" : {});
  // The umask cannot widen 0600, but a chmod makes the mode exact whatever the umask is.
  await handle.chmod(0o600);
  if (owner !== undefined) await handle.chown(owner.uid, owner.gid);
  await handle.sync();
}

/**
 * Replaces `path` with `text` (UTF-8, or bytes) atomically: temp file (0600) in the same directory, fsync, rename.
 * On Windows a rename refused because another program has `path` open is retried for about two
 * seconds (`assertHeld`, when given, is checked before each retry), then ends in FileInUseError.
 */
export async function writeFileAtomic(
  path: string,
  text: string | Uint8Array,
  assertHeld?: () => void,
): Promise<void> {
  const dir = dirname(path);
  // Unique enough: the file is created with "wx", which fails rather than share a name. Not
  // node:crypto, whose load would cost every run that writes a few milliseconds.
  const suffix = Math.random().toString(16).slice(2, 10);
  const temp = join(dir, `${tempPrefix(path)}${process.pid}-${suffix}.tmp`);
  const owner = await ownerToKeep(path);
  const handle = await open(temp, "wx", 0o600);
  try {
    await fillPrivately(handle, text, owner);
    await handle.close();
    await renameReplacing(temp, path, {
      retry: process.platform === "win32",
      ...(assertHeld === undefined ? {} : { beforeRetry: assertHeld }),
    });
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
  // Makes the rename itself durable. Windows refuses to fsync a directory (EPERM; NTFS journals
  // the rename itself), so it is not tried there; other platforms that cannot open one are fine.
  if (process.platform === "win32") return;
  const handle = await open(dir, "r").catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}
