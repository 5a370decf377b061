import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { useHarness } from "../support/harness.js";
import {
  authorizeUrlIn,
  BROWSER_SCRIPT,
  callbackPortOf,
  exists,
  landingOf,
  loginSteps,
  navigate,
  rawRequest as raw,
  stderrUntil,
} from "../support/login-helpers.js";
import { collect } from "../support/sandbox.js";

const harness = useHarness();
const { neverLoggedIn, browserEnv, tokenFile } = loginSteps(harness);

function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? "0");
}

/** Runs the stand-in browser on the authorize address and returns the page it ended on. */
async function realBrowser(authorize: URL): Promise<string> {
  const log = join(harness.box.home, "real-browser.log");
  const child = spawn(process.execPath, [BROWSER_SCRIPT, authorize.toString()], {
    env: { ...process.env, TEST_BROWSER_LOG: log, TEST_BROWSER_MODE: "follow" },
    stdio: "ignore",
  });
  await new Promise((resolve) => child.on("close", resolve));
  return readFile(`${log}.pages`, "utf8");
}

describe("the login callback answers only its own browser", () => {
  it("a foreign Host, a missing or wrong state, OPTIONS, fetches and forged errors leave the login running; the real browser then completes it", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const authorize = authorizeUrlIn(await stderrUntil(child, /paste here/));
    const port = callbackPortOf(authorize);
    // The real answer, carried by requests that are not this login's browser: it must survive.
    const landing = new URL(await landingOf(authorize));
    const target = `${landing.pathname}${landing.search}`;
    const state = landing.searchParams.get("state") ?? "";
    const request = (line: string, headers: string) =>
      raw(port, `${line} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`).then(statusOf);
    const answers = {
      rebound: await request(`GET ${target}`, `Host: evil.example:${port}\r\n`),
      localhost: await request(`GET ${target}`, `Host: localhost:${port}\r\n`),
      otherPort: await request(`GET ${target}`, `Host: 127.0.0.1:${port + 1}\r\n`),
      noHost: await raw(port, `GET ${target} HTTP/1.0\r\n\r\n`).then((text) =>
        Number(/^HTTP\/1\.\d (\d{3}) /.exec(text)?.[1] ?? "0"),
      ),
      scriptFetch: (await fetch(landing)).status,
      image: (await navigate(landing.toString(), { "sec-fetch-dest": "image" })).status,
      noState: (await navigate(`http://127.0.0.1:${port}/oauth/callback?code=abc`)).status,
      wrongState: (await navigate(`http://127.0.0.1:${port}/oauth/callback?code=abc&state=x`))
        .status,
      forgedError: (await navigate(`http://127.0.0.1:${port}/oauth/callback?error=access_denied`))
        .status,
      forgedErrorOtherState: (
        await navigate(`http://127.0.0.1:${port}/oauth/callback?error=access_denied&state=x`)
      ).status,
    };
    assert.deepEqual(answers, {
      rebound: 400,
      localhost: 400,
      otherPort: 400,
      noHost: 400,
      scriptFetch: 400,
      image: 400,
      noState: 400,
      wrongState: 400,
      forgedError: 400,
      forgedErrorOtherState: 400,
    });
    const preflight = await raw(
      port,
      `OPTIONS ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(statusOf(preflight), 405);
    assert.doesNotMatch(preflight, /access-control-/i, "no CORS header");
    assert.ok(state !== "" && child.exitCode === null, "the login is still waiting");
    // Then the person's own browser (the stand-in) signs in and comes back: that ends the login.
    const page = await realBrowser(authorize);
    assert.match(page, /^200 .*Signed in/);
    child.stdin?.end();
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /logged in to session acme/);
    assert.ok(await exists(tokenFile()));
    assert.equal(harness.fake.login.counters.codeTokens, 1);
  });

  it("the tab shows the failure page, not 'Signed in', when the code exchange is refused", async () => {
    await neverLoggedIn();
    harness.fake.login.browser.exchange = "refuse";
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const authorize = authorizeUrlIn(await stderrUntil(child, /paste here/));
    const page = await navigate(await landingOf(authorize));
    child.stdin?.end();
    const run = await done;
    assert.equal(run.code, 4, run.stderr);
    assert.equal(page.status, 500);
    assert.match(page.body, /could not be completed/);
    assert.doesNotMatch(page.body, /Signed in/);
    assert.ok(!(await exists(tokenFile())));
  });

  it("a pasted address of another sign-in or another host is ignored; this login's own then completes it", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const authorize = authorizeUrlIn(await stderrUntil(child, /paste here/));
    const landing = new URL(await landingOf(authorize));
    const otherState = new URL(landing);
    otherState.searchParams.set("state", "not-this-login");
    const forgedError = new URL(landing);
    forgedError.search = "?error=access_denied";
    const otherHost = new URL(landing);
    otherHost.hostname = "localhost";
    child.stdin?.write(`${otherState}\n${forgedError}\n`);
    await stderrUntil(child, /another sign-in[^\n]*\n[^\n]*another sign-in/);
    child.stdin?.write(`${otherHost}\n`);
    await stderrUntil(child, /not the address the browser ended on/);
    assert.equal(child.exitCode, null, "the login is still waiting");
    child.stdin?.end(`${landing}\n`);
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /logged in to session acme/);
    assert.ok(await exists(tokenFile()));
  });
});
