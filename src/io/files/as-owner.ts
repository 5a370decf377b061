import { dirname, resolve } from "node:path";
import { lstatOrNothing } from "./real-path.js";

/**
 * Run as root in another user's directory, a read or write that user could not make (a link
 * they planted leads where only root may go): refused, and nothing written.
 */
export class ForeignPathError extends Error {
  override readonly name = "ForeignPathError";
  constructor(path: string, uid: number, verb: "read" | "write", code: string) {
    super(
      `${path}: running as root in the directory of uid ${uid}, sso-sync does only what that user may, and uid ${uid} cannot ${verb} it (${code}: a link may lead outside their files); nothing was written`,
    );
  }
}

interface Dropped {
  uid: number;
  depth: number;
  restore: () => void;
}

let dropped: Dropped | undefined;
let waiting: Array<() => void> = [];

/**
 * Runs `work` with the effective uid, gid and groups of the owner of `path`'s directory when root
 * works in another user's directory (sudo, a system cron): the kernel then refuses what that
 * user could not do, links they planted included. A refusal (EACCES, EPERM) becomes one
 * ForeignPathError. Not root, or root's own directory: `work` runs as it is.
 */
export async function asOwnerOf<T>(
  path: string,
  verb: "read" | "write",
  work: () => Promise<T>,
): Promise<T> {
  if (process.geteuid?.() !== 0 && dropped === undefined) return work();
  const owner = ownerOfPlace(path);
  const uid = owner?.uid ?? 0;
  await enter(uid, owner?.gid ?? 0);
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (uid !== 0 && (code === "EACCES" || code === "EPERM"))
      throw new ForeignPathError((error as NodeJS.ErrnoException).path ?? path, uid, verb, code);
    throw error;
  } finally {
    leave();
  }
}

/** The owner of the first existing entry at or above `path`'s directory (a link: its owner). */
function ownerOfPlace(path: string): { uid: number; gid: number } | undefined {
  let current = dirname(resolve(path));
  for (;;) {
    const stats = lstatOrNothing(current);
    if (stats !== undefined) return { uid: stats.uid, gid: stats.gid };
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Takes on `uid`; work as another uid waits until every work of the current one is done. */
async function enter(uid: number, gid: number): Promise<void> {
  while (dropped !== undefined && dropped.uid !== uid)
    await new Promise<void>((wake) => waiting.push(wake));
  if (dropped !== undefined) {
    dropped.depth++;
    return;
  }
  dropped = { uid, depth: 1, restore: switchTo(uid, gid) };
}

function leave(): void {
  if (dropped === undefined) return;
  dropped.depth--;
  if (dropped.depth > 0) return;
  dropped.restore();
  dropped = undefined;
  const woken = waiting;
  waiting = [];
  for (const wake of woken) wake();
}

/** Switches the effective ids (glibc applies them to every thread, libuv's pool included). */
function switchTo(uid: number, gid: number): () => void {
  if (uid === 0) return () => undefined;
  const groups = process.getgroups?.() ?? [];
  const egid = process.getegid?.() ?? 0;
  try {
    // Missing from @types/node 20, present in Node on POSIX: the user's own supplementary groups.
    (process as { initgroups?: (user: number, group: number) => void }).initgroups?.(uid, gid);
  } catch {
    // A uid with no passwd entry (a container's): its own group only.
    process.setgroups?.([gid]);
  }
  process.setegid?.(gid);
  process.seteuid?.(uid);
  return () => {
    process.seteuid?.(0);
    process.setgroups?.(groups);
    process.setegid?.(egid);
  };
}
