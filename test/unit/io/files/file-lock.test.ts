import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  LockBusyError,
  LockReleaseError,
  withFileLock,
} from "../../../../src/io/files/file-lock.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sso-sync-lock-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("withFileLock", () => {
  it("holds <path>.lock while the work runs and removes it afterwards", async () => {
    const path = join(dir, "credentials");
    const seen = await withFileLock(path, 1000, async () => existsSync(`${path}.lock`));
    assert.equal(seen, true);
    assert.equal(existsSync(`${path}.lock`), false);
  });

  it("says so when the work is done but the lock cannot be removed", async () => {
    const path = join(dir, "credentials");
    // A file inside the lock directory makes its removal fail (ENOTEMPTY), as a stuck lock would.
    const work = withFileLock(path, 1000, async () => {
      await writeFile(join(`${path}.lock`, "stray"), "");
      return "written";
    });
    await assert.rejects(work, (error: unknown) => {
      assert.ok(error instanceof LockReleaseError);
      assert.match(
        error.message,
        /was written, but its lock .*credentials\.lock could not be removed \(ENOTEMPTY\).*remove it by hand/,
      );
      return true;
    });
  });

  it("refuses a lock path that is a file, naming it, without waiting", async () => {
    const path = join(dir, "credentials");
    await writeFile(`${path}.lock`, "");
    await assert.rejects(
      withFileLock(path, 60_000, async () => "never"),
      LockBusyError,
    );
  });

  it("gives up with LockBusyError when another holder keeps the lock past the wait", async () => {
    const path = join(dir, "credentials");
    await mkdir(dir, { recursive: true });
    let waited = 0;
    await withFileLock(path, 1000, async () => {
      await assert.rejects(
        withFileLock(
          path,
          0,
          async () => "never",
          () => waited++,
        ),
        LockBusyError,
      );
    });
    assert.equal(waited, 1, "the waiting notice is given once");
  });
});
