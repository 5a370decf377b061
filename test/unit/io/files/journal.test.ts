import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { journalPath, settleJournal, writeJournal } from "../../../../src/io/files/journal.js";
import { NotRegularFileError } from "../../../../src/io/files/regular-file.js";

let dir = "";
let file = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sso-sync-journal-"));
  file = join(dir, "credentials");
  await writeFile(file, "old content, longer than the new one\n", { mode: 0o600 });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("the journal of an in-place write", () => {
  it("is beside the file, hidden, 0600", async () => {
    await writeJournal(file, Buffer.from("new\n"));
    assert.equal(journalPath(file), join(dir, ".credentials.sso-sync-journal"));
    assert.equal((await stat(journalPath(file))).mode & 0o777, 0o600);
  });

  it("a whole journal is written over the file, in place, and removed", async () => {
    const inode = (await stat(file)).ino;
    await writeJournal(file, Buffer.from("new\n"));
    assert.equal(await settleJournal(file), "completed");
    assert.equal(await readFile(file, "utf8"), "new\n");
    assert.equal((await stat(file)).ino, inode);
    await assert.rejects(stat(journalPath(file)), { code: "ENOENT" });
    assert.equal(await settleJournal(file), "none");
  });

  it("a torn journal (cut short, or a byte changed) is thrown away and the file left alone", async () => {
    for (const tear of [
      (raw: Buffer) => raw.subarray(0, raw.length - 1),
      (raw: Buffer) => {
        const copy = Buffer.from(raw);
        copy[copy.length - 2] = 0x41;
        return copy;
      },
    ]) {
      await writeJournal(file, Buffer.from("new content\n"));
      await writeFile(journalPath(file), tear(await readFile(journalPath(file))));
      assert.equal(await settleJournal(file), "discarded");
      assert.equal(await readFile(file, "utf8"), "old content, longer than the new one\n");
      await assert.rejects(stat(journalPath(file)), { code: "ENOENT" });
    }
  });

  it("a FIFO at the journal's path is refused, not waited on", {
    skip: process.platform === "win32",
  }, async () => {
    execFileSync("mkfifo", [journalPath(file)]);
    await assert.rejects(settleJournal(file), NotRegularFileError);
  });
});
