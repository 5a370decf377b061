import { lstat, readlink, realpath } from "node:fs/promises";
import { dirname, resolve } from "node:path";

const MAX_LINKS = 40;

/** The file a path really names, following symlinks even to a target that does not exist yet. */
export async function resolveRealPath(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    try {
      return await realpath(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    // A dangling link (a dotfile manager's link to a file not created yet): write its target.
    const stat = await lstat(current).catch(() => undefined);
    if (stat === undefined || !stat.isSymbolicLink()) {
      const parent = await realpath(dirname(current)).catch(() => dirname(current));
      return resolve(parent, current.slice(dirname(current).length + 1));
    }
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: "ELOOP" });
}
