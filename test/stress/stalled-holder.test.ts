import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, watch } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
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

/** Bytes a process has read so far (Linux: /proc/PID/io). */
function bytesRead(pid: number): number {
  try {
    return Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Starts a run and stops it (SIGSTOP) once it holds the lock and has read the file, before it
 * writes its temp file: the moment where a stalled writer used to overwrite what others wrote
 * meanwhile. It is let run a millisecond at a time from the lock's creation until then.
 */
function startAndStopAfterRead(
  args: readonly string[],
  env: Record<string, string>,
  credentialsFile: string,
  size: number,
): { child: ChildProcess; stopped: Promise<boolean>; done: Promise<number | null> } {
  const dir = dirname(credentialsFile);
  const prefix = `.${basename(credentialsFile)}.sso-sync-`;
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: "ignore" });
  let exited = false;
  const done = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const tempExists = () => readdirSync(dir).some((name) => name.startsWith(prefix));
  const stopped = new Promise<boolean>((resolve) => {
    const watcher = watch(dir, async (_event, name) => {
      if (name !== `${basename(credentialsFile)}.lock`) return;
      watcher.close();
      const pid = child.pid ?? 0;
      const start = bytesRead(pid);
      child.kill("SIGSTOP");
      for (let step = 0; step < 2000 && !exited; step++) {
        if (tempExists()) break;
        if (bytesRead(pid) - start >= size) return resolve(existsSync(`${credentialsFile}.lock`));
        child.kill("SIGCONT");
        await sleep(1);
        child.kill("SIGSTOP");
      }
      child.kill("SIGCONT");
      resolve(false);
    });
    void done.then(() => {
      watcher.close();
      resolve(false);
    });
  });
  return { child, stopped, done };
}

describe("a lock holder that stalls", () => {
  it("SIGSTOPped after it read the file under the lock: a run that takes the lock over keeps its section, and the stalled run never overwrites it", async () => {
    const env = await stressSetup(harness, ["a0", "b0"], 300000000000);
    const lockPath = `${harness.box.credentialsFile}.lock`;
    const file = harness.box.credentialsFile;
    let caught = 0;
    for (let attempt = 0; attempt < 12 && caught < 3; attempt++) {
      const text = bulk(2);
      await writeFile(file, text);
      const args = ["--profile", "a0", "--force", "--quiet"];
      const a = startAndStopAfterRead(args, env, file, Buffer.byteLength(text));
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
