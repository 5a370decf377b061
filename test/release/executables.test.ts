import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sessionConfig } from "../support/config-text.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import {
  collect,
  makeSandbox,
  type RunResult,
  type Sandbox,
  sectionOf,
} from "../support/sandbox.js";
import { endpointEnv } from "../support/windows-harness.js";
import { makeWindowsHome, runWine, WINE, WINE_PREFIX } from "../support/wine.js";

// The standalone executables `npm run package` writes, run end to end (login, sync, exec)
// against the fake, with no node on PATH. `npm run test:release` runs this file (never
// `npm test`): a binary that is missing fails, it is not skipped.
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const LINUX = resolve(
  process.env.SSO_SYNC_LINUX_BINARY ?? join(ROOT, "release/sso-sync-linux-x64"),
);
const WINDOWS = resolve(
  process.env.SSO_SYNC_WINDOWS_BINARY ?? join(ROOT, "release/sso-sync-win-x64.exe"),
);
const BROWSER_SCRIPT = fileURLToPath(new URL("../support/test-browser.js", import.meta.url));
const DEV = { name: "dev", account: "111111111111", role: "Admin" };

let fake: FakeAws;
let emptyPath: string;
before(async () => {
  fake = await startFakeAws();
  // PATH for the Linux binary: a directory with nothing in it, so no node can be found.
  emptyPath = await mkdtemp(join(tmpdir(), "sso-sync-no-node-"));
});
after(async () => {
  await fake.close();
  await rm(emptyPath, { recursive: true, force: true });
});

function requireFile(path: string): void {
  assert.ok(existsSync(path), `${path} is missing: run npm run package first`);
}

function runLinux(box: Sandbox, args: readonly string[], extra: Record<string, string> = {}) {
  const env = {
    HOME: box.home,
    PATH: emptyPath,
    NO_COLOR: "1",
    AWS_ENDPOINT_URL_SSO: fake.url,
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    ...extra,
  };
  const child = spawn(LINUX, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  return collect(child);
}

function ok(run: RunResult, what: string): void {
  assert.equal(run.code, 0, `${what}: ${run.stderr}`);
}

describe("the Linux executable (no node on PATH)", () => {
  it("logs in through the browser, syncs, and runs a command with the credentials", async () => {
    requireFile(LINUX);
    fake.reset();
    fake.login.device.assignments = ["111111111111/Admin"];
    const box = await makeSandbox(fake.url);
    try {
      await box.writeConfig(sessionConfig("acme", [DEV]));
      // The stand-in browser is the test's own program: it is the person, not sso-sync.
      const browser = { BROWSER: `${process.execPath} ${BROWSER_SCRIPT}` };
      const login = await runLinux(box, ["login", "--sso-session", "acme"], browser);
      ok(login, "login");
      assert.match(login.stderr, /logged in to session acme/);
      assert.equal(fake.login.counters.codeTokens, 1, "a PKCE login, on 127.0.0.1");
      const first = sectionOf(await box.readCredentials(), "dev")?.aws_access_key_id;
      assert.ok(first, "login synced [dev]");
      const sync = await runLinux(box, ["sync", "--force"]);
      ok(sync, "sync");
      assert.match(sync.stderr, /1 synced/);
      const key = sectionOf(await box.readCredentials(), "dev")?.aws_access_key_id;
      assert.notEqual(key, first, "new credentials");
      const script = 'command -v node || echo "no node; key $AWS_ACCESS_KEY_ID"';
      const exec = await runLinux(box, ["exec", "--profile", "dev", "--", "/bin/sh", "-c", script]);
      ok(exec, "exec");
      assert.equal(exec.stdout, `no node; key ${key}\n`);
      // The timer schedules the executable itself, once (Node gives a SEA its path as argv[1]).
      const timer = await runLinux(box, ["timer", "install", "--print", "--platform", "cron"]);
      ok(timer, "timer --print");
      const line = /^\*\/30 \* \* \* \* (.*?) >> /m.exec(timer.stdout)?.[1] ?? "";
      const words = line.split(" ").filter((word) => !/^[A-Z_]+=/.test(word));
      assert.deepEqual(words.slice(0, 2), [LINUX, "sync"], timer.stdout);
      const again = await runLinux(box, words.slice(1));
      ok(again, "the scheduled command");
    } finally {
      await box.cleanup();
    }
  });
});

describe("the Windows executable under Wine (no node.exe in the Wine prefix)", () => {
  it("logs in with a device code, syncs, and runs a command with the credentials", async () => {
    requireFile(WINDOWS);
    assert.ok(WINE, "wine64 is needed: apt-get install wine64");
    requireFile(join(WINE_PREFIX, "system.reg"));
    fake.reset();
    fake.login.device.assignments = ["111111111111/Admin"];
    fake.login.device.intervalSeconds = 1;
    const home = await makeWindowsHome();
    const awsDir = join(home.home, ".aws");
    const run = (args: readonly string[]) => runWine(WINDOWS, args, { env: endpointEnv(fake) });
    try {
      await writeFile(
        join(awsDir, "config"),
        sessionConfig("acme", [DEV]).replaceAll("\n", "\r\n"),
      );
      const login = await run(["login", "--use-device-code", "--no-browser"]);
      ok(login, "login");
      assert.match(login.stderr, /check that it shows the code [0-9A-F]{4}-[0-9A-F]{4}/);
      const credentials = () => readFile(join(awsDir, "credentials"), "utf8");
      assert.ok(sectionOf(await credentials(), "dev")?.aws_access_key_id, "login synced [dev]");
      const sync = await run(["sync", "--force"]);
      ok(sync, "sync");
      assert.match(sync.stderr, /1 synced/);
      const key = sectionOf(await credentials(), "dev")?.aws_access_key_id;
      const exec = await run([
        "exec",
        "--profile",
        "dev",
        "--",
        "cmd",
        "/c",
        "set",
        "AWS_ACCESS_KEY_ID",
      ]);
      ok(exec, "exec");
      assert.match(exec.stdout, new RegExp(`^AWS_ACCESS_KEY_ID=${key}$`, "m"));
    } finally {
      await home.cleanup();
    }
  });
});
