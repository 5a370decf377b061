import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { CLI, collect, inMinutes, type RunResult, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const skip = process.platform === "linux" ? false : "strace is Linux's";

async function setup(names: readonly string[]): Promise<void> {
  const profiles = names.map((name, index) => ({
    name,
    account: String(222222222222 + index),
    role: "R",
  }));
  await harness.box.writeConfig(sessionConfig("acme", profiles));
  await harness.box.writeToken("acme", tokenBody("tok-guard", inMinutes(60)));
  harness.fake.grant("tok-guard", ...profiles.map((profile) => `${profile.account}/R`));
}

/** Runs sso-sync under strace (`-y`: file descriptors shown with their paths), log in `log`. */
function traced(
  strace: readonly string[],
  args: readonly string[],
  log: string,
): Promise<RunResult> {
  const url = harness.fake.url;
  const child = spawn(
    "strace",
    ["-f", "-qq", "-y", "-o", log, ...strace, process.execPath, CLI, ...args],
    {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: harness.box.home,
        AWS_ENDPOINT_URL_SSO: url,
        AWS_ENDPOINT_URL_STS: url,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return collect(child);
}

/** The index of the first log line matching `pattern` after line `from`; -1 when none. */
function after(lines: readonly string[], pattern: RegExp, from = -1): number {
  const found = lines.findIndex((line, index) => index > from && pattern.test(line));
  return found;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("what a write promises, each checked by a test that fails without it", () => {
  it("rename: the temp file is fsynced before the rename, the directory after it", {
    skip,
  }, async () => {
    await setup(["dev"]);
    const log = join(harness.box.home, "strace.log");
    const trace = ["-e", "trace=fsync,fdatasync,rename,renameat,renameat2"];
    const run = await traced(trace, [], log);
    assert.equal(run.code, 0, run.stderr);
    const lines = (await readFile(log, "utf8")).split("\n");
    const aws = escaped(harness.box.awsDir);
    const tempSynced = after(
      lines,
      new RegExp(`f(data)?sync\\(\\d+<${aws}/\\.credentials\\.sso-sync-[^>]*\\.tmp>`),
    );
    const renamed = after(
      lines,
      new RegExp(`rename.*\\.credentials\\.sso-sync-.*\\.tmp", .*"${aws}/credentials"`),
    );
    const dirSynced = after(lines, new RegExp(`fsync\\(\\d+<${aws}>\\)`), renamed);
    assert.ok(tempSynced !== -1, "the temp file is fsynced");
    assert.ok(renamed > tempSynced, "the rename comes after that fsync");
    assert.ok(dirSynced > renamed, "the directory is fsynced after the rename");
  });

  it("--in-place: the journal is durable before the file is touched, removed after its fsync", {
    skip,
  }, async () => {
    await setup(["dev"]);
    await harness.box.writeCredentials("[mine]\nk = v\n");
    const log = join(harness.box.home, "strace.log");
    const trace = ["-e", "trace=fsync,fdatasync,write,pwrite64,unlink,unlinkat"];
    const run = await traced(trace, ["--in-place"], log);
    assert.equal(run.code, 0, run.stderr);
    const lines = (await readFile(log, "utf8")).split("\n");
    const aws = escaped(harness.box.awsDir);
    const journal = `${aws}/\\.credentials\\.sso-sync-journal`;
    const journalSynced = after(lines, new RegExp(`fsync\\(\\d+<${journal}>`));
    const dirSynced = after(lines, new RegExp(`fsync\\(\\d+<${aws}>\\)`), journalSynced);
    const touched = after(lines, new RegExp(`p?write(64)?\\(\\d+<${aws}/credentials>`));
    const fileSynced = after(lines, new RegExp(`fsync\\(\\d+<${aws}/credentials>`), touched);
    const removed = after(lines, new RegExp(`unlink(at)?\\(.*${journal}"`));
    assert.ok(
      journalSynced !== -1 && dirSynced > journalSynced,
      "journal and its directory fsynced",
    );
    assert.ok(touched > dirSynced, "the file is written only after the journal is durable");
    assert.ok(fileSynced > touched, "the file is fsynced");
    assert.ok(removed > fileSynced, "the journal goes only after the file is durable");
  });

  for (const [mode, args, window] of [
    ["the rename", [], /\.credentials\.sso-sync-[^"]*\.tmp"/],
    ["an --in-place write", ["--in-place"], /\.credentials\.sso-sync-journal"/],
  ] as const) {
    it(`an outside writer landing between the read and ${mode} is not overwritten`, {
      skip,
    }, async () => {
      await setup(["dev"]);
      await harness.box.writeCredentials("[mine]\nk = v\n");
      const log = join(harness.box.home, "strace.log");
      // The first fsync (the temp file's or the journal's, just before the identity check) is
      // held back two seconds: the outside write lands then, after sso-sync's read.
      const trace = ["-e", "trace=openat,fsync", "-e", "inject=fsync:delay_enter=2000000:when=1"];
      const running = traced(trace, args, log);
      let landed = false;
      for (let poll = 0; poll < 2000 && !landed; poll++) {
        const names = await readdir(harness.box.awsDir);
        if (names.some((name) => name.endsWith(".tmp") || name.endsWith("-journal"))) {
          // As `aws configure set` does: read, add, write back in place.
          const text = await readFile(harness.box.credentialsFile, "utf8");
          await writeFile(
            harness.box.credentialsFile,
            `${text}[outsider]\naws_access_key_id = AKIAOUT\n`,
          );
          landed = true;
        } else await sleep(5);
      }
      const run = await running;
      assert.ok(landed, "the outside write was made");
      assert.equal(run.code, 0, run.stderr);
      const text = await harness.box.readCredentials();
      assert.equal(sectionOf(text, "outsider")?.aws_access_key_id, "AKIAOUT", text);
      assert.ok(sectionOf(text, "dev")?.aws_access_key_id, text);
      // Proof the write landed inside the window: the run gave its first try up and began again.
      const opened = (await readFile(log, "utf8"))
        .split("\n")
        .filter((line) => /openat\(/.test(line) && /O_CREAT/.test(line) && window.test(line));
      assert.ok(opened.length >= 2, `the run started over: ${opened.length} tries`);
    });
  }

  it("--in-place killed at each step of the write: the next run leaves the old file or the new one", {
    skip,
  }, async () => {
    await setup(["dev"]);
    await harness.box.writeCredentials("[mine]\nk = v\n");
    const log = join(harness.box.home, "strace.log");
    // clean shrinks the file: killed between its write and its truncation, the file is the new
    // content followed by the old one's tail, and only the journal can mend that.
    assert.equal((await harness.box.run([])).code, 0);
    // A section after [dev]: removing [dev] changes bytes in the middle of the file.
    const old = `${await harness.box.readCredentials()}\n[zz]\nk = w\n`;
    await harness.box.writeCredentials(old);
    assert.equal((await harness.box.run(["clean", "--in-place"])).code, 0);
    const cleaned = await harness.box.readCredentials();
    for (const [point, call] of [
      ["before the file is written", "pwrite64"],
      ["between the write and the truncation", "ftruncate"],
      ["before the journal is removed", "unlink"],
    ] as const) {
      await harness.box.writeCredentials(old);
      const inject = ["-e", `trace=${call}`, "-e", `inject=${call}:signal=SIGKILL:when=1`];
      const killed = await traced(inject, ["clean", "--in-place"], log);
      assert.equal(killed.signal ?? killed.code, "SIGKILL", `${point}: ${killed.stderr}`);
      const next = await harness.box.run(["status"]);
      assert.notEqual(next.code, null, next.stderr);
      const text = await harness.box.readCredentials();
      assert.ok(
        text === old || text === cleaned,
        `${point}: neither old nor new: ${JSON.stringify(text)}`,
      );
      const names = await readdir(harness.box.awsDir);
      assert.ok(!names.some((name) => name.includes("journal")), `${point}: journal left`);
    }
  });

  it("the default --min-validity: a section expiring within 15 minutes is renewed, one valid longer is not", async () => {
    await setup(["soon", "later"]);
    const first = await harness.box.run([]);
    assert.equal(first.code, 0, first.stderr);
    const at = (minutes: number) =>
      new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    // One minute either side of 15: a run takes seconds.
    const edited = (await harness.box.readCredentials())
      .replace(/(\[soon\][^[]*aws_credential_expiration = )\S+/, `$1${at(14)}`)
      .replace(/(\[later\][^[]*aws_credential_expiration = )\S+/, `$1${at(16)}`);
    await harness.box.writeCredentials(edited);
    const second = await harness.box.run([]);
    assert.equal(second.code, 0, second.stderr);
    const text = await harness.box.readCredentials();
    const key = (source: string, name: string) => sectionOf(source, name)?.aws_access_key_id;
    assert.notEqual(key(text, "soon"), key(edited, "soon"), "14 minutes left: renewed");
    assert.equal(key(text, "later"), key(edited, "later"), "16 minutes left: left alone");
  });
});
