import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { identityOf } from "../../../../src/io/files/regular-file.js";
import {
  LogoutBegunError,
  logoutBegun,
  readTokenVersion,
  removeTokenVersion,
  TokenFileChangedError,
  withLogoutAnnounced,
  writeTokenVersion,
} from "../../../../src/io/files/token-file.js";
import { writeInPlace } from "../../../support/in-place-writer.js";

let dir = "";
let path = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sso-sync-token-"));
  path = join(dir, "token.json");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("readTokenVersion", () => {
  it("reads an empty file again until the writer has finished it", async () => {
    await writeFile(path, "");
    // The writer finishes while the reader is backing off (its first wait is 20 ms).
    const [version] = await Promise.all([readTokenVersion(path), writeInPlace(path, '{"a":1}')]);
    assert.equal(version.text, '{"a":1}');
  });
  it("gives back a file that stays cut short as it is, once the backoff is spent", async () => {
    await writeFile(path, '{"accessToken": "x", ');
    assert.equal((await readTokenVersion(path)).text, '{"accessToken": "x", ');
  });
});

describe("writeTokenVersion and removeTokenVersion", () => {
  it("write over the version read, and refuse one another program wrote meanwhile", async () => {
    await writeFile(path, '{"v":1}');
    const read = await readTokenVersion(path);
    await writeInPlace(path, '{"v":"other program"}');
    await assert.rejects(
      writeTokenVersion(path, '{"v":2}', read.identity, () => undefined),
      TokenFileChangedError,
    );
    assert.equal(removeTokenVersion(path, read.identity), false);
    assert.equal(await readFile(path, "utf8"), '{"v":"other program"}');
    const again = await readTokenVersion(path);
    await writeTokenVersion(path, '{"v":2}', again.identity, () => undefined);
    const now = identityOf(await stat(path));
    assert.equal(removeTokenVersion(path, now), true);
    await assert.rejects(stat(path), { code: "ENOENT" });
  });
  it("write where there was no file only while there still is none", async () => {
    await writeTokenVersion(path, '{"v":1}', undefined, () => undefined);
    await assert.rejects(
      writeTokenVersion(path, '{"v":2}', undefined, () => undefined),
      TokenFileChangedError,
    );
  });
});

describe("withLogoutAnnounced", () => {
  it("is seen by logoutBegun while it runs, and not after", async () => {
    assert.equal(logoutBegun(path), false);
    await withLogoutAnnounced(path, 0, async () => {
      assert.equal(logoutBegun(path), true);
      await assert.rejects(
        writeTokenVersion(path, "{}", undefined, () => {
          if (logoutBegun(path)) throw new LogoutBegunError("began");
        }),
        LogoutBegunError,
      );
    });
    assert.equal(logoutBegun(path), false);
  });
});
