import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { homeDirectory } from "../../model/aws-paths.js";

// A code cache file: MAGIC, the length of the key, the key (the bundle's build digest, where the
// bundle file is and when it last changed, the node that compiled it, the part), a checksum of
// the V8 data, then the data. V8 itself checks only its version, its flags and the source's
// length, and release builds skip its own checksum: the key makes a cache of another bundle (or
// of this path rebuilt) unusable, and the checksum keeps a torn or damaged file from V8's
// deserializer. No node:crypto here: loading it costs an all-fresh run several milliseconds.
const MAGIC = Buffer.from("sso-sync v8 cache 2\n");
const MAX_BYTES = 64 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

// V8 rejects a cache made under other flags, both ways. The bin and the program are separate
// bundles, so a run that changes V8's flags says so on the global object.
const FLAGS_CHANGED = Symbol.for("sso-sync.v8-flags-changed");

/** Says that this run changed V8's flags: a cache written now would be refused by a plain run. */
export function markFlagsChanged(): void {
  (globalThis as Record<symbol, unknown>)[FLAGS_CHANGED] = true;
}

/** Whether this run changed V8's flags (see markFlagsChanged). */
export function flagsChanged(): boolean {
  return (globalThis as Record<symbol, unknown>)[FLAGS_CHANGED] === true;
}

/** Where the user's caches go on this platform, with sso-sync's own folder for code caches. */
export function codeCacheDirectory(env: Env, platform: NodeJS.Platform, osHome: string): string {
  const home = homeDirectory(env, osHome);
  const base =
    platform === "win32"
      ? env.LOCALAPPDATA || join(home, "AppData", "Local")
      : platform === "darwin"
        ? join(home, "Library", "Caches")
        : env.XDG_CACHE_HOME?.startsWith("/")
          ? env.XDG_CACHE_HOME
          : join(home, ".cache");
  return join(base, "sso-sync", "v8");
}

/** What one compiled part's cache must have been made from; any difference makes it unusable. */
export interface CacheIdentity {
  /** The bundle's SHA-256, taken when it was built. */
  readonly buildDigest: string;
  readonly bundlePath: string;
  /** The bundle file as it is now: a rebuild, an edit or a copy changes one of these. */
  readonly bundleStat: Pick<Stats, "dev" | "ino" | "size" | "mtimeMs" | "ctimeMs">;
  readonly part: string;
}

/** The key written into the cache file and compared, byte for byte, when it is read. */
export function codeCacheKey(identity: CacheIdentity): Buffer {
  const { dev, ino, size, mtimeMs, ctimeMs } = identity.bundleStat;
  const file = `${identity.bundlePath}\0${dev}:${ino}:${size}:${mtimeMs}:${ctimeMs}`;
  const node = `${process.version}\0${process.arch}`;
  const key = Buffer.from(`${identity.buildDigest}\0${file}\0${node}\0${identity.part}\0`);
  // Padded to whole words after a 28-byte head: the data then starts 4-byte aligned in the file
  // (read into a fresh buffer), so checksum reads it in place.
  const padded = Buffer.alloc(Math.ceil(key.length / 4) * 4);
  key.copy(padded);
  return padded;
}

/** The file of one part's cache; installs of other versions or places use other files. */
export function codeCacheFile(dir: string, identity: CacheIdentity): string {
  const place = checksum(Buffer.from(identity.bundlePath)).toString(16).padStart(8, "0");
  return join(dir, `${identity.part}-${identity.buildDigest.slice(0, 16)}-${place}.v8`);
}

/**
 * A checksum of 32-bit words (FNV-1a and a rotating sum): it catches truncation, zeroed pages
 * and flipped bits, in well under a millisecond for the bundle's cache. Not a defence against a
 * person who can write the file: readCodeCache refuses files that someone else could write.
 */
export function checksum(bytes: Uint8Array): number {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Uint8Array.from(bytes);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
  let fnv = 0x811c9dc5 | 0;
  let sum = aligned.length | 0;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as number;
    fnv = Math.imul(fnv ^ word, 0x01000193);
    sum = (((sum << 5) | (sum >>> 27)) + word) | 0;
  }
  for (let index = words.length * 4; index < aligned.length; index++)
    fnv = Math.imul(fnv ^ (aligned[index] as number), 0x01000193);
  return (fnv ^ Math.imul(sum, 0x9e3779b1)) >>> 0;
}

/**
 * The V8 data in `file` when it was made for `key` and nobody else could have written it (ours,
 * not writable by group or others, a regular file reached without a symlink); else undefined.
 * Never throws: a missing, foreign or damaged cache only means compiling from the source.
 */
export function readCodeCache(file: string, key: Buffer): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
    const uid = process.getuid?.();
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
    const bytes = Buffer.allocUnsafeSlow(stat.size);
    for (let read = 0; read < bytes.length; ) {
      const got = readSync(fd, bytes, read, bytes.length - read, read);
      if (got === 0) return undefined;
      read += got;
    }
    return validData(bytes, key);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function header(key: Buffer, sum: number): Buffer {
  const head = Buffer.alloc(MAGIC.length + 8 + key.length);
  MAGIC.copy(head);
  head.writeUInt32LE(key.length, MAGIC.length);
  head.writeUInt32LE(sum, MAGIC.length + 4);
  key.copy(head, MAGIC.length + 8);
  return head;
}

function validData(bytes: Buffer, key: Buffer): Buffer | undefined {
  const dataAt = MAGIC.length + 8 + key.length;
  if (bytes.length <= dataAt || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (bytes.readUInt32LE(MAGIC.length) !== key.length) return undefined;
  if (!bytes.subarray(MAGIC.length + 8, dataAt).equals(key)) return undefined;
  const data = bytes.subarray(dataAt);
  return checksum(data) === bytes.readUInt32LE(MAGIC.length + 4) ? data : undefined;
}

/**
 * Writes a cache atomically (a private temporary file renamed over `file`, mode 0600 in a 0700
 * folder) and removes this part's caches of other bundles. Never throws: a cache that cannot be
 * written only means compiling again next time.
 */
export function writeCodeCache(file: string, key: Buffer, data: Buffer): void {
  const dir = dirname(file);
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    if (!ownFolder(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(temporary, "wx", 0o600);
    try {
      for (const chunk of [header(key, checksum(data)), data]) writeAll(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    removeOthers(dir, file);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
  }
}

/**
 * Whether the folder, or the nearest part of its path that exists, is ours: root running with a
 * user's HOME (sudo, cron) must not leave root's files in that user's cache folder.
 */
function ownFolder(dir: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  for (let at = dir; ; at = dirname(at)) {
    const stat = statSync(at, { throwIfNoEntry: false });
    if (stat !== undefined) return stat.uid === uid;
    if (dirname(at) === at) return false;
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  for (let written = 0; written < chunk.length; )
    written += writeSync(fd, chunk, written, chunk.length - written);
}

const NAME = /^[a-z]+-[0-9a-f]{16}-[0-9a-f]{8}\.v8$/;

/** This part's caches of other builds at this place: an upgrade leaves one cache, not one each. */
function removeOthers(dir: string, file: string): void {
  const name = file.slice(dir.length + 1);
  const part = name.slice(0, name.indexOf("-") + 1);
  const place = name.slice(-11);
  for (const other of readdirSync(dir))
    if (other !== name && other.startsWith(part) && other.endsWith(place) && NAME.test(other))
      unlinkSync(join(dir, other));
}
