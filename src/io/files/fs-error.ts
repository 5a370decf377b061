/**
 * The file could not be replaced because another program keeps it open (Windows refuses to
 * rename over an open file): an editor, a shell, an antivirus or cloud-sync scan.
 */
export class FileInUseError extends Error {
  override readonly name = "FileInUseError";
  /** The last refusal (EPERM, EACCES or EBUSY). */
  readonly code: string;
  constructor(code: string) {
    super(
      "another program holds it open (an editor, a shell, antivirus or a sync client) and Windows will not replace an open file; close that program or wait, and run again",
    );
    this.code = code;
  }
}

/** A short human reason for a file-system error (`permission denied`, `it is a directory`, ...). */
export function describeFsError(error: unknown): string {
  if (error instanceof FileInUseError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOTDIR") return "a parent is not a directory";
  if (code === "ELOOP") return "too many levels of symbolic links";
  if (code === "EROFS") return "read-only file system";
  if (code === "ENOSPC") return "no space left on device";
  return code ?? (error instanceof Error ? error.message : String(error));
}
