import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, watch } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { useHarness } from "../support/harness.js";
import { CLI } from "../support/sandbox.js";
import { HAND_WRITTEN, sectionsOf, start, stressSetup } from "./stress-support.js";

const harness = useHarness();

/** About `megabytes` of hand-written sections, so a run holds the lock long enough to be caught. */
function bulk(megabytes: number): string {
  const section = (index: number) =>
    `[hand-${index}]\naws_access_key_id = AKIAHAND${String(index).padStart(12, "0")}\naws_secret_access_key = ${"s".repeat(40)}\n\n`;
  const count = Math.ceil((megabytes * 1024 * 1024) / section(0).length);
  return HAND_WRITTEN + Array.from({ length: count }, (_, index) => section(index)).join("");
}

/** Starts a run and stops it (SIGSTOP) the moment its lock directory appears. */
function startAndStopHoldingLock(
  args: readonly string[],
  env: Record<string, string>,
  lockPath: string,
): { child: ChildProcess; stopped: Promise<boolean>; done: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: "ignore" });
  const done = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const stopped = new Promise<boolean>((resolve) => {
    const watcher = watch(lockPath.slice(0, lockPath.lastIndexOf("/")), (_event, name) => {
      if (name !== lockPath.slice(lockPath.lastIndexOf("/") + 1) || !existsSync(lockPath)) return;
      child.kill("SIGSTOP");
      watcher.close();
      // Caught while holding the lock only if the lock is still there once it is stopped.
      resolve(existsSync(lockPath));
    });
    void done.then(() => {
      watcher.close();
      resolve(false);
    });
  });
  return { child, stopped, done };
}

describe("a lock holder that stalls", () => {
  it("SIGSTOPped while holding the lock: a run that takes the lock over keeps its section, and the stalled run never overwrites it", async () => {
    const env = await stressSetup(harness, ["a0", "b0"], 300000000000);
    const lockPath = `${harness.box.credentialsFile}.lock`;
    let caught = 0;
    for (let attempt = 0; attempt < 12 && caught < 3; attempt++) {
      await writeFile(harness.box.credentialsFile, bulk(2));
      const a = startAndStopHoldingLock(["--profile", "a0", "--force", "--quiet"], env, lockPath);
      if (!(await a.stopped)) {
        a.child.kill("SIGCONT");
        await a.done;
        continue;
      }
      caught++;
      // B waits for the stale lock (5 s without a refresh), takes it over and writes.
      const b = await start(["--profile", "b0", "--force", "--quiet"], env);
      assert.equal(b.code, 0, b.stderr);
      assert.ok(sectionsOf(await readFile(harness.box.credentialsFile, "utf8")).has("b0"));
      a.child.kill("SIGCONT");
      const aCode = await a.done;
      const sections = sectionsOf(await readFile(harness.box.credentialsFile, "utf8"));
      assert.ok(sections.has("b0"), "the stalled run overwrote the section written meanwhile");
      assert.ok(aCode === 0 || aCode === 5, `the stalled run exited ${aCode}`);
      if (aCode === 0) assert.ok(sections.has("a0"), "exit 0 but its section is missing");
      assert.equal(sections.get("b0")?.length, 1);
      assert.ok(!existsSync(lockPath), "a lock was left behind");
    }
    assert.ok(caught >= 1, "never caught a run holding the lock (the test proved nothing)");
  });

  it("a busy event loop (thousands of sections) does not lose a concurrent run's section", async () => {
    const many = Array.from({ length: 3000 }, (_, index) => `m${index}`);
    const env = await stressSetup(harness, [...many, "z0"], 400000000000);
    const big = start(["--force", "--quiet", "--concurrency", "64", "--timeout", "120"], env);
    const small = start(["--profile", "z0", "--force", "--quiet", "--lock-timeout", "60"], env);
    const [bigEnd, smallEnd] = await Promise.all([big, small]);
    assert.equal(bigEnd.code, 0, bigEnd.stderr);
    assert.equal(smallEnd.code, 0, smallEnd.stderr);
    const sections = sectionsOf(await readFile(harness.box.credentialsFile, "utf8"));
    assert.ok(sections.has("z0"));
    for (const name of ["m0", "m1500", "m2999"]) assert.ok(sections.has(name), name);
  });
});
