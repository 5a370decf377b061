import assert from "node:assert/strict";
import type { FileHandle } from "node:fs/promises";
import { describe, it } from "node:test";
import { applyPrivacy } from "../../../../src/io/files/mode-support.js";

/** A file handle whose chmod fails with `code` (none: succeeds), on device `dev`. */
function handle(dev: number, code?: string) {
  const calls: string[] = [];
  const fail = async (what: string) => {
    calls.push(what);
    if (code !== undefined) throw Object.assign(new Error(code), { code });
  };
  const fake = {
    chmod: () => fail("chmod"),
    chown: async () => {
      calls.push("chown");
    },
    stat: async () => ({ dev, uid: process.geteuid?.() ?? 0 }),
  };
  return { handle: fake as unknown as FileHandle, calls };
}

describe("applyPrivacy: modes on filesystems that cannot store them", () => {
  it("a chmod refused with EPERM on our own file: written anyway, said once, not retried", async () => {
    const notices: string[] = [];
    const first = handle(9001, "EPERM");
    await applyPrivacy(first.handle, "/x/credentials", 0o600, undefined, (m) => notices.push(m));
    const second = handle(9001, "EPERM");
    await applyPrivacy(second.handle, "/x/other", 0o600, undefined, (m) => notices.push(m));
    assert.equal(notices.length, 1);
    assert.match(
      notices[0] ?? "",
      /\/x\/credentials: this filesystem cannot store file modes \(chmod\), EPERM; written anyway, and its mount options decide who can read it/,
    );
    assert.deepEqual(second.calls, [], "decided per filesystem: not tried again there");
  });

  it("ENOTSUP is the same answer; the owner is still set", async () => {
    const notices: string[] = [];
    const file = handle(9002, "ENOTSUP");
    await applyPrivacy(file.handle, "/y/c", 0o600, { uid: 0, gid: 0 }, (m) => notices.push(m));
    assert.deepEqual(file.calls, ["chmod", "chown"]);
    assert.equal(notices.length, 1);
  });

  it("any other error still stops the write", async () => {
    const file = handle(9003, "EIO");
    await assert.rejects(applyPrivacy(file.handle, "/z/c", 0o600, undefined), { code: "EIO" });
    const fine = handle(9003);
    await applyPrivacy(fine.handle, "/z/c", 0o600, undefined);
    assert.deepEqual(
      fine.calls,
      ["chmod"],
      "a failure other than the filesystem's decides nothing",
    );
  });
});
