/** A short human reason for a file-system error (`permission denied`, `it is a directory`, ...). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOTDIR") return "a parent is not a directory";
  if (code === "ELOOP") return "too many levels of symbolic links";
  if (code === "EROFS") return "read-only file system";
  if (code === "ENOSPC") return "no space left on device";
  return code ?? (error instanceof Error ? error.message : String(error));
}
