import { lstatSync, readlinkSync, realpathSync, type Stats } from "node:fs";
import { dirname, resolve } from "node:path";

const MAX_LINKS = 40;

/**
 * The file a path really names, following symlinks even to a target that does not exist yet.
 * Synchronous calls inside: every run resolves its files first, and node:fs/promises would cost
 * an all-fresh run more than the calls (docs/performance.md).
 */
export async function resolveRealPath(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    try {
      return realpathSync.native(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    // A dangling link (a dotfile manager's link to a file not created yet): write its target.
    const stat = lstatOrNothing(current);
    if (stat === undefined || !stat.isSymbolicLink()) {
      const parent = realpathOr(dirname(current));
      return resolve(parent, current.slice(dirname(current).length + 1));
    }
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: "ELOOP" });
}

/** lstat of `path`, or undefined when it cannot be had (missing, a refused folder, ...). */
export function lstatOrNothing(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
