import { stat } from "node:fs/promises";
import { type BeforeRename, writeFileAtomic } from "./atomic-write.js";
import { writeInPlace } from "./in-place-write.js";
import type { FileNotice } from "./mode-support.js";
import { refuseTooLarge } from "./regular-file.js";

/** How a file is replaced: by rename (the default), or in place (`--in-place`). */
export interface WriteHow {
  readonly inPlace: boolean;
  /** Hears, once each, what a person should know about the write (a fallback, a mode not kept). */
  readonly onNotice?: FileNotice;
}

/** Rename, unless asked otherwise: a fresh default for callers that have no options. */
export const BY_RENAME: WriteHow = { inPlace: false };

/**
 * Replaces the file `real` (a resolved path, its lock held) with `text`. By rename by default;
 * in place when asked, when the file has other hard links (a rename would split them), or when
 * the rename is refused because the file is a mount point (EBUSY: bind-mounted into a container).
 */
export async function replaceFile(
  real: string,
  text: string,
  check: BeforeRename,
  how: WriteHow,
): Promise<void> {
  const bytes = Buffer.from(text, "utf8");
  refuseTooLarge(real, bytes.length);
  const existing = await stat(real).catch(() => undefined);
  if (existing !== undefined && (how.inPlace || existing.nlink > 1)) {
    if (!how.inPlace)
      how.onNotice?.(
        `${real} has ${existing.nlink} hard links: written in place to keep them (as --in-place does)`,
      );
    return writeInPlace(real, bytes, check, how.onNotice);
  }
  try {
    await writeFileAtomic(real, bytes, check, how.onNotice);
  } catch (error) {
    // Linux refuses to rename over a mount point; on Windows EBUSY is a file in use (retried).
    const busy = (error as NodeJS.ErrnoException).code === "EBUSY";
    if (!busy || process.platform === "win32" || existing === undefined) throw error;
    how.onNotice?.(
      `${real} is a mount point (a file bind-mounted here), which cannot be replaced: written in place (as --in-place does)`,
    );
    await writeInPlace(real, bytes, check, how.onNotice);
  }
}
