import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sessionConfig } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { collect, type RunResult, sha1 } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const BROWSER_SCRIPT = fileURLToPath(new URL("../support/test-browser.js", import.meta.url));
const TOKEN_FILE = () => join(harness.box.cacheDir, `${sha1("acme")}.json`);

async function neverLoggedIn(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  harness.fake.login.device.assignments = ["111111111111/Admin"];
  harness.fake.login.device.intervalSeconds = 1;
}

function browserEnv(mode: "follow" | "none" | "junk" = "follow"): Record<string, string> {
  return {
    BROWSER: `${process.execPath} ${BROWSER_SCRIPT}`,
    TEST_BROWSER_LOG: join(harness.box.home, "browser.log"),
    TEST_BROWSER_MODE: mode,
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Resolves with stderr so far once it matches `pattern` (the child keeps running). */
function stderrUntil(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const hear = (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) {
        child.stderr?.off("data", hear);
        resolve(text);
      }
    };
    child.stderr?.on("data", hear);
    child.once("exit", () => reject(new Error(`exited before ${pattern}: ${text}`)));
  });
}

function authorizeUrlIn(stderr: string): URL {
  const match = /^ {2}(http\S+\/authorize\?\S+)$/m.exec(stderr);
  assert.ok(match?.[1], stderr);
  return new URL(match[1]);
}

function callbackPortOf(authorize: URL): number {
  return Number(new URL(authorize.searchParams.get("redirect_uri") ?? "").port);
}

/** The address the fake's /authorize redirects to (the approved sign-in, not yet delivered). */
async function landingOf(authorize: URL): Promise<string> {
  const approved = await fetch(authorize, { redirect: "manual" });
  return approved.headers.get("location") ?? "";
}

/** Sends raw bytes to 127.0.0.1:port and returns the whole answer (or the socket error). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
    socket.write(text);
  });
}

function connectRefused(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

/** Kills a child that hangs past a generous limit, so a hang fails the test instead of the suite. */
function withinLimit(child: ChildProcess, run: Promise<RunResult>): Promise<RunResult> {
  const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return run.finally(() => clearTimeout(guard));
}

describe("sso-sync login under attack", () => {
  it("exits after the callback even though stdin is an open pipe nobody closes", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv());
    const run = await withinLimit(child, collect(child));
    assert.equal(run.signal, null, `hung with stdin open: ${run.stderr}`);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(await exists(TOKEN_FILE()));
  });

  it("a request whose target is not a URL neither kills the login nor consumes the callback", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const authorize = authorizeUrlIn(await stderrUntil(child, /paste here/));
    const port = callbackPortOf(authorize);
    for (const target of ["http://[", "//[", "http://x:99999/oauth/callback"]) {
      const answer = await rawRequest(
        port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      assert.match(answer, /^HTTP\/1\.1 4\d\d /, `${target}: ${answer}`);
    }
    const page = await fetch(await landingOf(authorize));
    assert.equal(page.status, 200);
    child.stdin?.end();
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.ok(await exists(TOKEN_FILE()));
  });
});
