import { randomBytes } from "node:crypto";
import { open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

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

/** Replaces `path` with `text` atomically: temp file (0600) in the same directory, fsync, rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${tempPrefix(path)}${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  const previous = await stat(path).catch(() => undefined);
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.chmod(0o600);
    // Run as root on someone else's file (cron, sudo): keep the owner so they can still read it.
    if (previous !== undefined && process.getuid?.() === 0)
      await handle.chown(previous.uid, previous.gid);
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Copies `text` to a new 0600 file that must not exist yet. */
export async function writeNewPrivateFile(path: string, text: string): Promise<void> {
  const handle = await open(path, "wx", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
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
