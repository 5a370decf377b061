import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The name prefix of the copies `--take-over` makes before replacing a section. */
export function backupPrefix(path: string): string {
  return `${path}.sso-sync-backup-`;
}

/** The backups beside `path`, oldest first (their names sort by time). */
export async function listBackups(path: string): Promise<string[]> {
  const prefix = basename(backupPrefix(path));
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  return names
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => join(dirname(path), name));
}
