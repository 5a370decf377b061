import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FileInUseError } from "../../../../src/io/files/fs-error.js";
import { RENAME_RETRY_DELAYS_MS, renameReplacing } from "../../../../src/io/files/rename-retry.js";

function refusing(code: string, times: number) {
  const calls: string[] = [];
  const rename = async (from: string, to: string) => {
    calls.push(`${from}->${to}`);
    if (calls.length <= times) throw Object.assign(new Error(code), { code });
  };
  return { calls, rename };
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("renameReplacing", () => {
  for (const code of ["EPERM", "EACCES", "EBUSY"]) {
    it(`retries ${code} with growing waits and succeeds when the holder lets go`, async () => {
      const { calls, rename } = refusing(code, 3);
      const { waits, sleep } = recordingSleep();
      await renameReplacing("t", "f", { retry: true, rename, sleep });
      assert.equal(calls.length, 4);
      assert.deepEqual(waits, RENAME_RETRY_DELAYS_MS.slice(0, 3));
    });
  }

  it("gives up after the last wait with a FileInUseError", async () => {
    const { calls, rename } = refusing("EPERM", Number.POSITIVE_INFINITY);
    const { waits, sleep } = recordingSleep();
    await assert.rejects(renameReplacing("t", "f", { retry: true, rename, sleep }), FileInUseError);
    assert.equal(calls.length, RENAME_RETRY_DELAYS_MS.length + 1);
    assert.deepEqual(waits, RENAME_RETRY_DELAYS_MS);
    const total = waits.reduce((sum, ms) => sum + ms, 0);
    // Under the lock: a live holder refreshes it every second and it goes stale after five.
    assert.ok(total >= 1000 && total <= 2000, `${total} ms in all`);
  });

  it("does not retry other errors", async () => {
    const { calls, rename } = refusing("ENOSPC", 1);
    const { waits, sleep } = recordingSleep();
    await assert.rejects(renameReplacing("t", "f", { retry: true, rename, sleep }), {
      code: "ENOSPC",
    });
    assert.equal(calls.length, 1);
    assert.deepEqual(waits, []);
  });

  it("does not retry where a refusal is a real denial (not Windows)", async () => {
    const { calls, rename } = refusing("EACCES", 1);
    await assert.rejects(renameReplacing("t", "f", { retry: false, rename }), { code: "EACCES" });
    assert.equal(calls.length, 1);
  });

  it("stops retrying when the lock is lost", async () => {
    const { calls, rename } = refusing("EPERM", Number.POSITIVE_INFINITY);
    const { sleep } = recordingSleep();
    const lost = new Error("lost the lock");
    const beforeRetry = () => {
      throw lost;
    };
    await assert.rejects(
      renameReplacing("t", "f", { retry: true, rename, sleep, beforeRetry }),
      lost,
    );
    assert.equal(calls.length, 1);
  });
});
