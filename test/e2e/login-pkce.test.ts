import assert from "node:assert/strict";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { useHarness } from "../support/harness.js";
import { authorizeUrlIn, exists, loginSteps, stderrUntil } from "../support/login-helpers.js";
import { collect, inMinutes, sectionOf, sha1 } from "../support/sandbox.js";

const harness = useHarness();
const { neverLoggedIn, browserEnv, browserOpenings, tokenFile } = loginSteps(harness);
const TOKEN_FILE = tokenFile;

describe("sso-sync login (authorization code with PKCE)", () => {
  it("opens the browser once, gets the code on 127.0.0.1, writes the caches, then syncs", async () => {
    await neverLoggedIn();
    const run = await harness.box.run(["login", "--sso-session", "acme"], browserEnv());
    assert.equal(run.code, 0, run.stderr);
    const [opened, ...more] = await browserOpenings();
    assert.deepEqual(more, []);
    const url = new URL(opened ?? "");
    assert.equal(`${url.origin}${url.pathname}`, `${harness.fake.url}/authorize`);
    assert.equal(url.searchParams.get("code_challenge_method"), "S256");
    assert.equal(url.searchParams.get("scopes"), "sso:account:access");
    assert.match(
      url.searchParams.get("redirect_uri") ?? "",
      /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/,
    );
    assert.match(run.stderr, /logged in to session acme/);
    assert.match(run.stderr, /1 synced/);
    assert.equal(harness.fake.login.counters.codeTokens, 1);
    assert.equal(harness.fake.login.counters.startDeviceAuthorization, 0);
    assert.deepEqual(harness.fake.login.counters.registrations[0], {
      clientName: "botocore-client-acme",
      clientType: "public",
      scopes: ["sso:account:access"],
      grantTypes: ["authorization_code", "refresh_token"],
      redirectUris: ["http://127.0.0.1/oauth/callback"],
      issuerUrl: "https://acme.awsapps.com/start#/",
    });
    const token = JSON.parse(await readFile(TOKEN_FILE(), "utf8")) as Record<string, unknown>;
    assert.ok(typeof token.refreshToken === "string" && token.refreshToken !== "");
    assert.equal((await stat(TOKEN_FILE())).mode & 0o777, 0o600);
    const registrations = (await readdir(harness.box.cacheDir)).filter(
      (name) => name.endsWith(".json") && name !== `${sha1("acme")}.json`,
    );
    assert.equal(registrations.length, 1);
    const registration = JSON.parse(
      await readFile(join(harness.box.cacheDir, registrations[0] ?? ""), "utf8"),
    ) as Record<string, unknown>;
    assert.deepEqual(registration.grantTypes, ["authorization_code", "refresh_token"]);
    assert.ok(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id);
    const page = await readFile(join(harness.box.home, "browser.log.pages"), "utf8");
    assert.match(page, /^200 .*Signed in/);
  });

  it("reuses a PKCE registration, but never a device-code one, for the next PKCE login", async () => {
    await neverLoggedIn();
    assert.equal((await harness.box.run(["login", "--no-sync", "--use-device-code"])).code, 0);
    await writeFile(TOKEN_FILE(), "{}");
    const pkce = await harness.box.run(["login", "--no-sync"], browserEnv());
    assert.equal(pkce.code, 0, pkce.stderr);
    assert.equal(harness.fake.login.counters.registerClient, 2, "a device client cannot do PKCE");
    await writeFile(TOKEN_FILE(), "{}");
    const again = await harness.box.run(["login", "--no-sync"], browserEnv());
    assert.equal(again.code, 0, again.stderr);
    assert.equal(harness.fake.login.counters.registerClient, 2, "the PKCE client is reused");
    assert.equal(harness.fake.login.counters.codeTokens, 2);
  });

  it("without a browser or display, falls back to the device code and says so", async () => {
    await neverLoggedIn();
    const run = await harness.box.run(["login", "--no-sync"], { DISPLAY: undefined });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /no browser can be opened here .*; using a device code instead/);
    assert.equal(harness.fake.login.counters.deviceTokens, 1);
  });

  it("--use-device-code with a browser here: opens the device page with the code, which approves", async () => {
    await neverLoggedIn();
    harness.fake.login.device.outcome = "on-visit";
    const run = await harness.box.run(["login", "--no-sync", "--use-device-code"], browserEnv());
    assert.equal(run.code, 0, run.stderr);
    const [opened, ...more] = await browserOpenings();
    assert.deepEqual(more, []);
    const code = /check that it shows the code (\S+)/.exec(run.stderr)?.[1];
    assert.equal(opened, `${harness.fake.url}/device?user_code=${code}`);
    assert.equal(harness.fake.login.counters.devicePageVisits, 1);
    assert.equal(harness.fake.login.counters.deviceTokens, 1);
    assert.equal(harness.fake.login.counters.authorizations, 0, "no PKCE");
  });

  it("--no-browser: the address the browser ends on, pasted, finishes the login", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-browser", "--no-sync"], browserEnv());
    const done = collect(child);
    const shown = await stderrUntil(child, /paste here/);
    const approved = await fetch(authorizeUrlIn(shown), { redirect: "manual" });
    const landing = approved.headers.get("location") ?? "";
    assert.match(landing, /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback\?code=/);
    child.stdin?.write("not the address\n");
    child.stdin?.end(`  ${landing}  \n`);
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /that is not the address the browser ended on/);
    assert.deepEqual(await browserOpenings(), [], "--no-browser opened nothing");
    assert.equal(harness.fake.login.counters.codeTokens, 1);
    assert.ok(await exists(TOKEN_FILE()));
  });

  it("ten logins at once open the browser exactly once and all succeed", async () => {
    await neverLoggedIn();
    const runs = await Promise.all(
      Array.from({ length: 10 }, () => harness.box.run(["login", "--no-sync"], browserEnv())),
    );
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    assert.equal((await browserOpenings()).length, 1);
    assert.equal(harness.fake.login.counters.authorizations, 1);
    assert.equal(runs.filter((run) => /is logged in already/.test(run.stderr)).length, 9);
  });

  it("a refusal with this login's state: exit 3, one line, no token written", async () => {
    await neverLoggedIn();
    Object.assign(harness.fake.login.browser, { outcome: "deny" });
    const run = await harness.box.run(["login"], browserEnv());
    assert.equal(run.code, 3, run.stderr);
    const lines = run.stderr
      .split("\n")
      .filter((line) => /^sso-sync: (?!to sign in|if the browser)/.test(line));
    assert.deepEqual(lines.length, 1, run.stderr);
    assert.match(lines[0] ?? "", /was not approved \(The user denied the request\)/);
    assert.equal(harness.fake.login.counters.codeTokens, 0);
    assert.ok(!(await exists(TOKEN_FILE())), "no token");
    assert.ok(!(await exists(harness.box.credentialsFile)), "no credentials");
  });

  it("a wrong state or a junk callback is ignored: the login waits on until --timeout", async () => {
    const cases = [
      { set: () => Object.assign(harness.fake.login.browser, { state: "tamper" }), mode: "follow" },
      { set: () => undefined, mode: "junk" },
    ] as const;
    for (const each of cases) {
      harness.fake.reset();
      await neverLoggedIn();
      each.set();
      const run = await harness.box.run(["login", "--timeout", "3"], browserEnv(each.mode));
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /^sso-sync: the sign-in was not completed in time/m);
      const page = await readFile(join(harness.box.home, "browser.log.pages"), "utf8").catch(
        () => "",
      );
      if (each.mode === "follow") assert.match(page, /^400 .*was ignored/);
      assert.equal(harness.fake.login.counters.codeTokens, 0);
      assert.ok(!(await exists(TOKEN_FILE())), "no token");
    }
  });

  it("--callback-port: listens on that port; a port in use is exit 2 with nothing sent", async () => {
    await neverLoggedIn();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const refused = await harness.box.run(
        ["login", "--callback-port", String(port)],
        browserEnv(),
      );
      assert.equal(refused.code, 2, refused.stderr);
      assert.equal(
        refused.stderr,
        `sso-sync: port ${port} on 127.0.0.1 is in use; choose another --callback-port\n`,
      );
      assert.equal(harness.fake.login.counters.registerClient, 0);
      assert.deepEqual(await browserOpenings(), []);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
    const run = await harness.box.run(
      ["login", "--no-sync", "--callback-port", String(port)],
      browserEnv(),
    );
    assert.equal(run.code, 0, run.stderr);
    const [opened] = await browserOpenings();
    assert.equal(
      new URL(opened ?? "").searchParams.get("redirect_uri"),
      `http://127.0.0.1:${port}/oauth/callback`,
    );
  });

  it("says so when no $BROWSER entry can be started, and still waits for the printed address", async () => {
    await neverLoggedIn();
    const run = await harness.box.run(["login", "--timeout", "1"], {
      BROWSER: "/nonexistent/browser-a:/nonexistent/browser-b",
    });
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /^sso-sync: no browser could be started; open the address above yourself$/m,
    );
    assert.match(run.stderr, /^ {2}http:\/\/127\.0\.0\.1:\d+\/authorize\?/m);
    assert.match(run.stderr, /not completed in time/);
  });

  it("gives up after --timeout with exit 3 when nobody signs in", async () => {
    await neverLoggedIn();
    const run = await harness.box.run(["login", "--timeout", "1"], browserEnv("none"));
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /^sso-sync: the sign-in was not completed in time; run sso-sync login again$/m,
    );
    assert.ok(!(await exists(TOKEN_FILE())));
  });

  it("Ctrl-C while waiting: exit 130, and no server, lock or temp file is left", async () => {
    await neverLoggedIn();
    await harness.box.writeToken("acme", {
      startUrl: "x",
      region: "eu-west-1",
      accessToken: "old",
      expiresAt: inMinutes(-5),
    });
    const before = await readFile(TOKEN_FILE(), "utf8");
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const shown = await stderrUntil(child, /paste here/);
    const port = Number(new URL(authorizeUrlIn(shown).searchParams.get("redirect_uri") ?? "").port);
    child.kill("SIGINT");
    const run = await done;
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /^sso-sync: interrupted; nothing was written$/m);
    assert.equal(await readFile(TOKEN_FILE(), "utf8"), before);
    const left = await readdir(harness.box.cacheDir);
    assert.deepEqual(
      left.filter((name) => !name.endsWith(".json")),
      [],
      "no lock, no temp file",
    );
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", () => resolve(true));
    });
    assert.ok(refused, "the callback server is gone");
  });

  it("a login killed with SIGKILL leaves a cache the next login and sync read", async () => {
    await neverLoggedIn();
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    await stderrUntil(child, /paste here/);
    child.kill("SIGKILL");
    assert.equal((await done).signal, "SIGKILL");
    const again = await harness.box.run(["login"], browserEnv());
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /1 synced/);
    const sync = await harness.box.run([]);
    assert.equal(sync.code, 0, sync.stderr);
  });
});
