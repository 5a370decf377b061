import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, readdir, readFile, stat } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { useHarness } from "../support/harness.js";
import {
  authorizeUrlIn,
  BROWSER_SCRIPT,
  callbackPortOf,
  exists,
  landingOf,
  loginSteps,
  navigate,
  rawRequest,
  stderrUntil,
} from "../support/login-helpers.js";
import { CLI, collect, inMinutes, type RunResult } from "../support/sandbox.js";
import { noScript } from "../support/terminal.js";

const harness = useHarness();
const _DEV = { name: "dev", account: "111111111111", role: "Admin" };
const { neverLoggedIn, browserEnv, browserOpenings, tokenFile } = loginSteps(harness);
const TOKEN_FILE = tokenFile;

/** The status of a GET sent as is (fetch would resolve dot-segments itself). */
async function rawStatus(port: number, target: string): Promise<number> {
  const answer = await rawRequest(
    port,
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  );
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? "0");
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

/** Runs sso-sync on a terminal and types Ctrl-C once it asks for the browser's address. */
async function interruptAtTerminal(args: string): Promise<{ code: number | null; output: string }> {
  const env = {
    ...browserEnv("none"),
    HOME: harness.box.home,
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    AWS_ENDPOINT_URL_SSO: harness.fake.url,
    AWS_ENDPOINT_URL_SSO_OIDC: harness.fake.url,
    NO_COLOR: "1",
    TERM: "dumb",
  };
  // exec: the exit code is sso-sync's own, not that of a shell that saw the SIGINT too.
  const command = `exec ${process.execPath} ${CLI} ${args}`;
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const shown = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/paste here/.test(output)) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await shown;
  child.stdin.write("\u0003");
  const code = await exited;
  clearTimeout(guard);
  return { code, output };
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
    const page = await navigate(await landingOf(authorize));
    assert.equal(page.status, 200);
    child.stdin?.end();
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.ok(await exists(TOKEN_FILE()));
  });

  it("Ctrl-C while waiting for another login's lock: exit 130 at once, no browser opened", async () => {
    await neverLoggedIn();
    const first = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const firstDone = collect(first);
    await stderrUntil(first, /paste here/);
    const second = harness.box.start(["login", "--no-sync", "--timeout", "30"], browserEnv());
    const secondDone = withinLimit(second, collect(second));
    await stderrUntil(second, /waiting for another sso-sync login/);
    second.kill("SIGINT");
    const run = await secondDone;
    const firstStillWaiting = first.exitCode === null;
    first.kill("SIGINT");
    assert.equal((await firstDone).code, 130);
    assert.equal(run.code, 130, run.stderr);
    assert.ok(firstStillWaiting, "the second login stopped before the first one ended");
    assert.match(run.stderr, /^sso-sync: interrupted; nothing was written$/m);
    assert.equal((await browserOpenings()).length, 1, "only the first login's");
  });

  it("a login that cannot get the lock within --timeout: exit 3 and one line, no internal error", async () => {
    await neverLoggedIn();
    const first = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const firstDone = collect(first);
    await stderrUntil(first, /paste here/);
    const second = await harness.box.run(["login", "--no-sync", "--timeout", "1"], browserEnv());
    first.kill("SIGINT");
    await firstDone;
    assert.equal(second.code, 3, second.stderr);
    assert.equal(
      second.stderr,
      "sso-sync: waiting for another sso-sync login of session acme\nsso-sync: another sso-sync login of session acme was still waiting for its sign-in after --timeout; finish that one, or run sso-sync login again\n",
    );
  });

  it("the login waiting on the lock uses the first one's token once it is pasted", async () => {
    await neverLoggedIn();
    const first = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const firstDone = collect(first);
    const authorize = authorizeUrlIn(await stderrUntil(first, /paste here/));
    const second = harness.box.start(["login", "--no-sync"], browserEnv());
    second.stdin?.end();
    const secondDone = collect(second);
    await stderrUntil(second, /waiting for another sso-sync login/);
    first.stdin?.end(`${await landingOf(authorize)}\r\n`);
    const [one, two] = await Promise.all([firstDone, secondDone]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    assert.match(two.stderr, /is logged in already/);
    assert.equal((await browserOpenings()).length, 1);
    assert.equal(harness.fake.login.counters.codeTokens, 1);
  });

  it("SIGTERM while waiting for the browser: exit 130, nothing written, no lock left", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const port = callbackPortOf(authorizeUrlIn(await stderrUntil(child, /paste here/)));
    child.kill("SIGTERM");
    const run = await done;
    assert.equal(run.code, 130, run.stderr);
    assert.ok(!(await exists(TOKEN_FILE())));
    assert.deepEqual(
      (await readdir(harness.box.cacheDir)).filter((name) => !name.endsWith(".json")),
      [],
    );
    assert.ok(await connectRefused(port));
  });

  it("Ctrl-C twice: exit 130 and the next login does not wait for a left-over lock", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    await stderrUntil(child, /paste here/);
    child.kill("SIGINT");
    child.kill("SIGINT");
    const run = await done;
    assert.equal(run.code, 130, run.stderr);
    const again = await harness.box.run(["login", "--no-sync"], browserEnv());
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /waiting for another/);
  });

  it("Ctrl-C while the device flow polls: exit 130, no token, no lock", async () => {
    await neverLoggedIn();
    harness.fake.login.device.pendingPolls = 1_000;
    const child = harness.box.start(["login", "--no-sync", "--use-device-code"]);
    const done = collect(child);
    await stderrUntil(child, /shows the code/);
    child.kill("SIGINT");
    const run = await done;
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /^sso-sync: interrupted; nothing was written$/m);
    assert.ok(!(await exists(TOKEN_FILE())));
    assert.deepEqual(
      (await readdir(harness.box.cacheDir)).filter((name) => !name.endsWith(".json")),
      [],
    );
  });

  it("HEAD, POST, other paths and dot-segments do not consume the callback", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const authorize = authorizeUrlIn(await stderrUntil(child, /paste here/));
    const port = callbackPortOf(authorize);
    const base = `http://127.0.0.1:${port}`;
    const statuses = [
      (await fetch(`${base}/oauth/callback?code=x&state=y`, { method: "HEAD" })).status,
      (await fetch(`${base}/oauth/callback?code=x&state=y`, { method: "POST", body: "a" })).status,
      await rawStatus(port, "/oauth/callback/../x?code=x&state=y"),
      await rawStatus(port, "/oauth%2Fcallback?code=x&state=y"),
      await rawStatus(port, "/favicon.ico"),
      await rawStatus(port, `/oauth/callback?${"a".repeat(20_000)}`),
    ];
    assert.deepEqual(statuses, [405, 405, 404, 404, 404, 431]);
    const page = await navigate(await landingOf(authorize));
    assert.equal(page.status, 200);
    child.stdin?.end();
    assert.equal((await done).code, 0);
    assert.ok(await connectRefused(port), "the callback server is closed after the sign-in");
  });

  it("listens on 127.0.0.1 only: not on ::1 nor on another address of this machine", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const port = callbackPortOf(authorizeUrlIn(await stderrUntil(child, /paste here/)));
    const { networkInterfaces } = await import("node:os");
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((each) => each !== undefined && !each.internal)
      .map((each) => each?.address ?? "");
    assert.equal(await connectRefused(port), false);
    for (const host of ["::1", ...others]) assert.ok(await connectRefused(port, host), host);
    child.kill("SIGINT");
    assert.equal((await done).code, 130);
  });

  it("never prints the tokens, the client secret, or the code on stdout or stderr", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login"], browserEnv("none"));
    const done = collect(child);
    const authorize = authorizeUrlIn(await stderrUntil(child, /paste here/));
    const landing = await landingOf(authorize);
    child.stdin?.end(`${landing}\n`);
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    const token = JSON.parse(await readFile(TOKEN_FILE(), "utf8")) as Record<string, string>;
    const code = new URL(landing).searchParams.get("code") ?? "";
    const secrets = [token.accessToken, token.refreshToken, token.clientSecret, code];
    for (const secret of secrets) {
      assert.ok(secret !== undefined && secret.length > 8);
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), "a secret leaked");
    }
    for (const name of await readdir(harness.box.cacheDir)) {
      const mode = (await stat(join(harness.box.cacheDir, name))).mode & 0o777;
      assert.equal(mode, 0o600, name);
    }
  });

  it("$BROWSER: an entry that does not exist is skipped for the next one, %s is the URL", async () => {
    await neverLoggedIn();
    const env = {
      ...browserEnv(),
      BROWSER: `/nonexistent/browser --new-tab:${process.execPath} ${BROWSER_SCRIPT} %s`,
    };
    const run = await harness.box.run(["login", "--no-sync"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await browserOpenings()).length, 1);
  });

  it("--callback-port 0, 65536, abc: a usage error naming the flag, nothing sent", async () => {
    await neverLoggedIn();
    for (const port of ["0", "65536", "abc", "80.5", "1e9"]) {
      const run = await harness.box.run(["login", "--callback-port", port], browserEnv());
      assert.equal(run.code, 2, `${port}: ${run.stderr}`);
      assert.match(run.stderr, /--callback-port takes a (whole )?number from 1 to 65535/);
    }
    assert.equal(harness.fake.login.counters.registerClient, 0);
    assert.deepEqual(await browserOpenings(), []);
  });

  it("Ctrl-C while the code is being exchanged (a stalled network): exit 130, nothing written", async () => {
    await neverLoggedIn();
    harness.fake.login.browser.exchange = "hang";
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = withinLimit(child, collect(child));
    const authorize = authorizeUrlIn(await stderrUntil(child, /paste here/));
    // The tab waits for its page while the code is exchanged: "signed in" only once that is done.
    const tab = navigate(await landingOf(authorize)).catch(() => ({ status: 0, body: "" }));
    while (harness.fake.login.counters.stalledExchanges === 0) await sleep(20);
    child.kill("SIGINT");
    const run = await done;
    const page = await tab;
    assert.notEqual(page.status, 200);
    assert.doesNotMatch(page.body, /Signed in/);
    assert.equal(run.signal, null, run.stderr);
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /^sso-sync: interrupted; nothing was written$/m);
    assert.ok(!(await exists(TOKEN_FILE())));
  });

  it("while a login waits for the browser, a sync still uses the valid token it would refresh", async () => {
    await neverLoggedIn();
    await harness.box.writeToken("acme", {
      startUrl: "https://acme.awsapps.com/start#/",
      region: "eu-west-1",
      accessToken: "tok-valid",
      expiresAt: inMinutes(10),
      refreshToken: "rt-1",
      clientId: "client-1",
      clientSecret: "secret-1",
      registrationExpiresAt: inMinutes(60 * 24 * 30),
    });
    harness.fake.grant("tok-valid", "111111111111/Admin");
    const login = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const loginDone = collect(login);
    await stderrUntil(login, /paste here/);
    const sync = await harness.box.run(["--lock-timeout", "1"]);
    login.kill("SIGINT");
    assert.equal((await loginDone).code, 130);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stderr, /1 synced/);
  });

  it("Ctrl-C typed at the terminal during --login (sync, process): exit 130, no sync again", {
    skip: noScript,
  }, async () => {
    await neverLoggedIn();
    for (const args of ["--login", "process --profile dev --login"]) {
      const { code, output } = await interruptAtTerminal(args);
      assert.equal(code, 130, output);
      assert.match(output, /interrupted; nothing was written/);
      assert.doesNotMatch(output, /synced|login needed for/, "no report after Ctrl-C");
      assert.ok(!(await exists(TOKEN_FILE())));
    }
  });

  it("a valid token of another start URL (the session was moved) is no reason to skip the login", async () => {
    await neverLoggedIn();
    await harness.box.writeToken("acme", {
      startUrl: "https://old-org.awsapps.com/start#/",
      region: "eu-west-1",
      accessToken: "tok-old-org",
      expiresAt: inMinutes(120),
    });
    const run = await harness.box.run(["login", "--no-sync"], browserEnv());
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /logged in already/);
    assert.equal(harness.fake.login.counters.codeTokens, 1);
    const token = JSON.parse(await readFile(TOKEN_FILE(), "utf8")) as Record<string, unknown>;
    assert.equal(token.startUrl, "https://acme.awsapps.com/start#/");
  });

  it("a token cache that cannot be written after the sign-in: exit 5 and one line, no internal error", async () => {
    await neverLoggedIn();
    await mkdir(TOKEN_FILE());
    const run = await harness.box.run(["login", "--no-sync"], browserEnv());
    assert.equal(run.code, 5, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.match(
      run.stderr,
      /^sso-sync: cannot write .*293abb6b76d7791c0732cc517d38c4b5c734b87f\.json: /m,
    );
    const left = await readdir(harness.box.cacheDir);
    assert.deepEqual(
      left.filter((name) => name.endsWith(".tmp") || name.endsWith(".lock")),
      [],
    );
  });

  it("exec --login: after the browser sign-in, the command reads the terminal, not sso-sync", {
    skip: noScript,
  }, async () => {
    await neverLoggedIn();
    const env = {
      ...browserEnv(),
      HOME: harness.box.home,
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      AWS_ENDPOINT_URL_SSO: harness.fake.url,
      AWS_ENDPOINT_URL_SSO_OIDC: harness.fake.url,
      NO_COLOR: "1",
      TERM: "dumb",
    };
    const command = `exec ${process.execPath} ${CLI} exec --profile dev --login -- sh -c 'echo ready; read x; echo got=$x'`;
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    const ready = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (/ready\r?\n/.test(output)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await Promise.race([ready, exited]);
    child.stdin.write("hello\r");
    const code = await exited;
    clearTimeout(guard);
    assert.equal(code, 0, output);
    assert.match(output, /got=hello/);
    assert.doesNotMatch(output, /not the address the browser ended on/);
  });
});
