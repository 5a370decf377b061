import type { FileHandle } from "node:fs/promises";

/** Hears, once per run and setting, what sso-sync could not apply to a file it wrote. */
export type FileNotice = (message: string) => void;

/** A uid and gid to give a file. */
export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

// WSL's DrvFs without `metadata`, CIFS/SMB and some FUSE mounts answer chmod/chown with EPERM or
// ENOTSUP (libuv PR #5257 treats that EPERM as non-fatal for copies too).
const REFUSALS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP"]);

// Filesystems (by device) found, in this run, not to store a setting: decided once each.
const unsupported = new Map<number, Set<string>>();

/**
 * Sets `mode` (and `owner`) on a file sso-sync just opened for writing. Where the filesystem
 * cannot store the setting, the write goes on and `onNotice` hears it once; any other failure,
 * or a refusal that may be a real denial, throws.
 */
export async function applyPrivacy(
  handle: FileHandle,
  path: string,
  mode: number,
  owner: Owner | undefined,
  onNotice?: FileNotice,
): Promise<void> {
  await tolerate(handle, path, "mode", () => handle.chmod(mode), onNotice);
  if (owner !== undefined)
    await tolerate(handle, path, "owner", () => handle.chown(owner.uid, owner.gid), onNotice);
}

async function tolerate(
  handle: FileHandle,
  path: string,
  setting: "mode" | "owner",
  apply: () => Promise<void>,
  onNotice: FileNotice | undefined,
): Promise<void> {
  const stats = await handle.stat();
  if (unsupported.get(stats.dev)?.has(setting) === true) return;
  try {
    await apply();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (!REFUSALS.has(code) || !isProbe(stats.uid)) throw error;
    unsupported.set(stats.dev, new Set([...(unsupported.get(stats.dev) ?? []), setting]));
    const what = setting === "mode" ? "file modes (chmod)" : "file owners (chown)";
    onNotice?.(
      `${path}: this filesystem cannot store ${what}, ${code}; written anyway, and its mount options decide who can read it`,
    );
  }
}

/**
 * The probe: the file is our own (we created it, or run as root), so a refusal can only come from
 * the filesystem. On a file of another user, EPERM is a real denial and stops the write.
 */
function isProbe(fileUid: number): boolean {
  const euid = process.geteuid?.();
  return euid === undefined || euid === 0 || euid === fileUid;
}
