import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { removeStaleTempFiles, writeFileAtomic, writeNewPrivateFile } from "./atomic-write.js";
import { backupPrefix } from "./backups.js";
import { withFileLock } from "./file-lock.js";
import { resolveRealPath } from "./real-path.js";

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

// fatal: a byte that is not UTF-8 would otherwise become U+FFFD and be written back changed;
// ignoreBOM: keep a byte-order mark a Windows editor left, so it is written back too.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Reads the credentials file; an absent file reads as empty. */
export async function readCredentialsText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new NotUtf8Error(
      `${path} is not UTF-8 text; sso-sync will not rewrite it (convert it to UTF-8)`,
    );
  }
}

/**
 * Re-reads the file under its lock, applies `edit`, and replaces it atomically. A symlinked file
 * keeps its link: the link's target is what gets replaced.
 */
export async function updateCredentialsFile<R>(
  path: string,
  edit: (current: string) => CredentialsEdit<R>,
  backupSuffix: string,
  lockWaitMs: number,
  onWait?: () => void,
): Promise<CredentialsUpdate<R>> {
  const real = await resolveRealPath(path);
  // The AWS CLI creates ~/.aws readable by its owner only.
  await mkdir(dirname(real), { recursive: true, mode: 0o700 });
  return withFileLock(
    real,
    lockWaitMs,
    async (assertHeld) => {
      await removeStaleTempFiles(real);
      const current = await readCredentialsText(real);
      const change = edit(current);
      if (change.text === undefined || change.text === current) return { result: change.result };
      let backupFile: string | undefined;
      if (change.backup && current !== "") {
        backupFile = await writeBackup(real, `${backupPrefix(real)}${backupSuffix}`, current);
      }
      assertHeld();
      await writeFileAtomic(real, change.text, assertHeld);
      return backupFile === undefined
        ? { result: change.result }
        : { result: change.result, backupFile };
    },
    onWait,
  );
}

/** Writes a backup that never replaces an earlier one: `name`, else `name-2`, `name-3`, ... */
async function writeBackup(original: string, name: string, text: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? name : `${name}-${attempt}`;
    try {
      await writeNewPrivateFile(candidate, text, original);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 100) throw error;
    }
  }
}
