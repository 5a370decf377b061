import assert from "node:assert/strict";
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  type CacheIdentity,
  checksum,
  codeCacheDirectory,
  codeCacheFile,
  codeCacheKey,
  readCodeCache,
  writeCodeCache,
} from "../../../../src/io/files/code-cache.js";

const root = mkdtempSync(join(tmpdir(), "sso-sync-code-cache-"));
after(() => rmSync(root, { recursive: true, force: true }));

const identity: CacheIdentity = {
  buildDigest: "ab".repeat(32),
  bundlePath: "/opt/sso-sync/dist/src/cli.cjs",
  bundleStat: { dev: 1, ino: 2, size: 3, mtimeMs: 4, ctimeMs: 5 },
  part: "program",
};
const data = Buffer.from("v8 code cache bytes, 4-byte words and a tail");

function stored(name: string): { file: string; key: Buffer } {
  const dir = join(root, name);
  return { file: codeCacheFile(dir, identity), key: codeCacheKey(identity) };
}

describe("code cache files", () => {
  it("reads back what it wrote, 0600 in a 0700 folder", () => {
    const { file, key } = stored("round-trip");
    writeCodeCache(file, key, data);
    assert.deepEqual(readCodeCache(file, key), data);
    if (process.platform !== "win32") {
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(join(file, "..")).mode & 0o777, 0o700);
    }
    assert.deepEqual(readdirSync(join(file, "..")), [file.slice(file.lastIndexOf("/") + 1)]);
  });

  it("never uses a cache of another bundle, another build, another node or another part", () => {
    const { file, key } = stored("other-bundle");
    writeCodeCache(file, key, data);
    const changed: CacheIdentity[] = [
      { ...identity, bundleStat: { ...identity.bundleStat, ctimeMs: 6 } },
      { ...identity, bundleStat: { ...identity.bundleStat, ino: 7 } },
      { ...identity, buildDigest: "cd".repeat(32) },
      { ...identity, part: "packages" },
    ];
    for (const other of changed) assert.equal(readCodeCache(file, codeCacheKey(other)), undefined);
  });

  it("refuses a damaged file: truncated, a flipped bit, garbage, empty", () => {
    const { file, key } = stored("damaged");
    writeCodeCache(file, key, data);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] as number) ^ 0x10;
    for (const bytes of [
      good.subarray(0, good.length - 1),
      flipped,
      Buffer.from("garbage"),
      Buffer.alloc(0),
    ]) {
      writeFileSync(file, bytes, { mode: 0o600 });
      assert.equal(readCodeCache(file, key), undefined);
    }
  });

  it("refuses a file others could have written, and a symlink", {
    skip: process.platform === "win32",
  }, () => {
    const { file, key } = stored("foreign");
    writeCodeCache(file, key, data);
    chmodSync(file, 0o620);
    assert.equal(readCodeCache(file, key), undefined);
    chmodSync(file, 0o600);
    const link = join(root, "foreign", "link.v8");
    symlinkSync(file, link);
    assert.equal(readCodeCache(link, key), undefined);
    assert.deepEqual(readCodeCache(file, key), data);
  });

  it("does not throw when the folder cannot be made; a later write replaces an older build's cache", () => {
    const blocked = join(root, "blocked");
    writeFileSync(blocked, "a file where the folder would go");
    const key = codeCacheKey(identity);
    assert.doesNotThrow(() =>
      writeCodeCache(codeCacheFile(join(blocked, "v8"), identity), key, data),
    );
    const dir = join(root, "upgrade");
    const older = { ...identity, buildDigest: "00".repeat(32) };
    writeCodeCache(codeCacheFile(dir, older), codeCacheKey(older), data);
    writeCodeCache(codeCacheFile(dir, identity), key, data);
    assert.deepEqual(readdirSync(dir), [codeCacheFile(dir, identity).slice(dir.length + 1)]);
  });

  it("checksums catch a change anywhere, including the tail bytes", () => {
    const base = Buffer.from("0123456789abcdefg");
    for (let at = 0; at < base.length; at++) {
      const changed = Buffer.from(base);
      changed[at] = (changed[at] as number) ^ 1;
      assert.notEqual(checksum(changed), checksum(base), `byte ${at}`);
    }
  });

  it("lives in the platform's cache folder", () => {
    assert.equal(codeCacheDirectory({ HOME: "/h" }, "linux", "/os"), "/h/.cache/sso-sync/v8");
    assert.equal(
      codeCacheDirectory({ HOME: "/h", XDG_CACHE_HOME: "/x" }, "linux", "/os"),
      "/x/sso-sync/v8",
    );
    assert.equal(
      codeCacheDirectory({ HOME: "/h", XDG_CACHE_HOME: "relative" }, "linux", "/os"),
      "/h/.cache/sso-sync/v8",
    );
    assert.equal(
      codeCacheDirectory({ HOME: "/h" }, "darwin", "/os"),
      "/h/Library/Caches/sso-sync/v8",
    );
  });
});
