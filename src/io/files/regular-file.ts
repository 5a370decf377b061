import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from "node:fs";
import { asOwnerOf } from "./as-owner.js";

/** sso-sync reads and replaces only regular files (or links to them). */
export class NotRegularFileError extends Error {
  override readonly name = "NotRegularFileError";
  constructor(path: string, stats: Stats) {
    super(
      `${path} is ${kindOf(stats)}, not a regular file; sso-sync reads and replaces only files`,
    );
  }
}

/** A file larger than any AWS file sso-sync would read. */
export class TooLargeError extends Error {
  override readonly name = "TooLargeError";
  constructor(path: string, size: number, limit: number) {
    super(
      `${path} is ${megabytes(size)}, more than the ${megabytes(limit)} sso-sync reads; is it the right file?`,
    );
  }
}

/** A write that would leave a file larger than sso-sync reads back: refused before writing. */
export class TooLargeToWriteError extends Error {
  override readonly name = "TooLargeToWriteError";
  constructor(path: string, size: number) {
    super(
      `refusing to write ${path}: it would be ${megabytes(size)}, more than the ${megabytes(MAX_FILE_BYTES)} sso-sync reads back; nothing was changed`,
    );
  }
}

/** Refuses, before anything is written, content that sso-sync could not read back. */
export function refuseTooLarge(path: string, size: number): void {
  if (size > MAX_FILE_BYTES) throw new TooLargeToWriteError(path, size);
}

/** What identifies one version of a file: a writer that replaced it changes at least one. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

/** A file's bytes and the identity of the version they came from. */
export interface FileRead {
  readonly bytes: Buffer;
  readonly identity: FileIdentity;
}

// Config, credentials and token cache files are kilobytes; 16 MiB is far past any real one and
// stops a wrong path (a log, a disk image) from costing minutes and gigabytes. Every reader uses
// it, and every writer refuses to write more (refuseTooLarge).
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** The identity of a file's current version (from stat). */
export function identityOf(stats: Stats): FileIdentity {
  const { dev, ino, size, mtimeMs, ctimeMs } = stats;
  return { dev, ino, size, mtimeMs, ctimeMs };
}

/** Whether two identities name the same version of a file. */
export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs
  );
}

/**
 * Reads a regular file, following links, refusing anything else at once: a FIFO is opened
 * without blocking and never read, a device is never read, and no more than `maxBytes` is read.
 * Run as root in another user's directory, it reads only what that user could (asOwnerOf).
 */
export function readRegularFile(path: string, maxBytes: number): Promise<FileRead> {
  return asOwnerOf(path, "read", () => readAsIs(path, maxBytes));
}

// Synchronous calls: the files are small, a run reads them before it does anything else, and
// node:fs/promises (with the streams it loads) would cost an all-fresh run more than the reads.
async function readAsIs(path: string, maxBytes: number): Promise<FileRead> {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new NotRegularFileError(path, stats);
    if (stats.size > maxBytes) throw new TooLargeError(path, stats.size, maxBytes);
    const bytes = readFileSync(fd);
    if (bytes.length > maxBytes) throw new TooLargeError(path, bytes.length, maxBytes);
    return { bytes, identity: identityOf(stats) };
  } finally {
    closeSync(fd);
  }
}
