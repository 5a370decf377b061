import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";
import { useWindowsHarness } from "../support/windows-harness.js";
import { runWine, windowsPath, windowsSkip } from "../support/wine.js";

const harness = useWindowsHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const CRLF_MINE = "# keys of my own\r\n[mine]\r\naws_access_key_id = AKIAMINE\r\n";

async function setup(token = "tok-c"): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]).replaceAll("\n", "\r\n"));
  await harness.box.writeToken("acme", tokenBody(token, inMinutes(60)));
  harness.fake.grant(token, "111111111111/Admin");
}

async function syncedKey(): Promise<string> {
  const run = await harness.box.run([]);
  assert.equal(run.code, 0, run.stderr);
  const key = sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id;
  assert.ok(key);
  return key;
}

function crlfOnly(text: string): void {
  assert.equal(text.replaceAll("\r\n", "").includes("\n"), false, JSON.stringify(text));
}

describe("sso-sync on Windows (node.exe under Wine)", { skip: windowsSkip() }, () => {
  it("re-syncs a CRLF file in place, skips it while fresh, and keeps it CRLF", async () => {
    await setup();
    await harness.box.writeCredentials(CRLF_MINE);
    const first = await syncedKey();
    const text = await harness.box.readCredentials();
    crlfOnly(text);
    assert.ok(text.startsWith(CRLF_MINE));
    const fresh = await harness.box.run([]);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stderr, /0 synced, 1 fresh/);
    assert.equal(await harness.box.readCredentials(), text, "fresh: untouched");
    const forced = await harness.box.run(["--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    const again = await harness.box.readCredentials();
    crlfOnly(again);
    assert.ok(again.startsWith(CRLF_MINE));
    assert.notEqual(sectionOf(again, "dev")?.aws_access_key_id, first, "new keys");
    assert.equal(again.split("[dev]").length, 2, "one section");
  });

  it("status reports the synced section; clean removes it and keeps the rest CRLF", async () => {
    await setup();
    await harness.box.writeCredentials(CRLF_MINE);
    await syncedKey();
    const status = await harness.box.run(["status"]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /dev/);
    assert.match(status.stdout, /valid/);
    const clean = await harness.box.run(["clean"]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(await harness.box.readCredentials(), CRLF_MINE);
  });

  it("env --format cmd sets the variables when cmd.exe runs it", async () => {
    await setup();
    const key = await syncedKey();
    const run = await harness.box.run(["env", "--profile", "dev", "--format", "cmd"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^set "AWS_ACCESS_KEY_ID=/m);
    const dir = harness.box.home.home;
    const out = join(dir, "seen.txt");
    const script = `@echo off\r\n${run.stdout.replaceAll("\n", "\r\n")}echo %AWS_ACCESS_KEY_ID%^|%AWS_REGION%^|%SSO_SYNC_PROFILE%> "${windowsPath(out)}"\r\n`;
    await writeFile(join(dir, "load.cmd"), script);
    const cmd = await runWine("cmd", ["/d", "/c", windowsPath(join(dir, "load.cmd"))], {});
    assert.equal(cmd.code, 0, cmd.stderr);
    assert.equal((await readFile(out, "utf8")).trim(), `${key}|eu-west-1|dev`);
  });

  it("env --format powershell prints single-quoted $Env: assignments of the synced keys", async () => {
    await setup();
    const key = await syncedKey();
    const run = await harness.box.run(["env", "--profile", "dev", "--format", "powershell"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^\\$Env:AWS_ACCESS_KEY_ID = '${key}'$`, "m"));
    assert.match(run.stdout, /^\$Env:SSO_SYNC_PROFILE = 'dev'$/m);
  });

  it("env prints PowerShell by default, and sh in Git Bash", async () => {
    await setup();
    const key = await syncedKey();
    const run = await harness.box.run(["env", "--profile", "dev"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^\\$Env:AWS_ACCESS_KEY_ID = '${key}'$`, "m"));
    const bash = await harness.box.run(["env", "--profile", "dev"], { MSYSTEM: "MINGW64" });
    assert.match(bash.stdout, new RegExp(`^export AWS_ACCESS_KEY_ID='${key}'$`, "m"));
  });

  it("sync --notify with a login needed exits 3 and does not wait on the toast", async () => {
    await setup();
    await harness.box.writeToken("acme", tokenBody("tok-old", inMinutes(-5)));
    const run = await harness.box.run(["--notify"]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /aws sso login --sso-session acme/);
  });

  it("doctor finds nothing wrong with a synced file (no mode bits on NTFS)", async () => {
    await setup();
    await syncedKey();
    const run = await harness.box.run(["doctor"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout, /readable by others|chmod/);
  });

  it("process prints credential_process JSON", async () => {
    await setup();
    const key = await syncedKey();
    const run = await harness.box.run(["process", "--profile", "dev"]);
    assert.equal(run.code, 0, run.stderr);
    const body = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(body.Version, 1);
    assert.equal(body.AccessKeyId, key);
  });

  it("exec runs a .cmd shim found through PATH and PATHEXT and passes its exit code on", async () => {
    await setup();
    const key = await syncedKey();
    const bin = join(harness.box.home.home, "shims");
    await mkdir(bin);
    const out = join(harness.box.home.home, "shim-saw.txt");
    await writeFile(
      join(bin, "tool.cmd"),
      // %* keeps the quotes exec put around each argument, so & stays text here too.
      `@echo off\r\necho %AWS_ACCESS_KEY_ID%^|%*> "${windowsPath(out)}"\r\nexit /b 7\r\n`,
    );
    const run = await harness.box.run(
      ["exec", "--profile", "dev", "--", "tool", "plan", "a & echo INJECTED"],
      {},
      [windowsPath(bin)],
    );
    assert.equal(run.code, 7, run.stderr);
    assert.equal((await readFile(out, "utf8")).trim(), `${key}|"plan" "a & echo INJECTED"`);
    assert.doesNotMatch(run.stdout, /INJECTED/);
  });

  it("exec refuses an argument cmd.exe would expand in a .cmd shim, and runs nothing", async () => {
    await setup();
    await syncedKey();
    const bin = join(harness.box.home.home, "shims");
    await mkdir(bin);
    const out = join(harness.box.home.home, "shim-ran.txt");
    await writeFile(join(bin, "tool.cmd"), `@echo ran> "${windowsPath(out)}"\r\n`);
    const run = await harness.box.run(
      ["exec", "--profile", "dev", "--", "tool", "%USERPROFILE%"],
      {},
      [windowsPath(bin)],
    );
    assert.equal(run.code, 127, run.stderr);
    assert.match(run.stderr, /^sso-sync: tool: is a batch file, .*" % or a line break/m);
    assert.equal(existsSync(out), false, "the shim did not run");
  });

  it("exec runs a .exe through PATH and passes a failing exit code on", async () => {
    await setup();
    await syncedKey();
    const run = await harness.box.run(["exec", "--profile", "dev", "--", "cmd", "/c", "exit 3"]);
    assert.equal(run.code, 3, run.stderr);
    const missing = await harness.box.run(["exec", "--profile", "dev", "--", "no-such-tool"]);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /no-such-tool: command not found/);
  });
});
