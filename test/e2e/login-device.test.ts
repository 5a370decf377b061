import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { legacyConfig, sessionConfig } from "../support/config-text.js";
import { DEBIAN_PYTHON, interopSkip } from "../support/consumers.js";
import { useHarness } from "../support/harness.js";
import { sectionOf, sha1 } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };

/** A session `acme` that has never logged in, and a fake that approves the sign-in. */
async function neverLoggedIn(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  harness.fake.login.device.assignments = ["111111111111/Admin"];
  harness.fake.login.device.intervalSeconds = 1;
}

async function cacheEntry(): Promise<Record<string, unknown>> {
  const text = await readFile(join(harness.box.cacheDir, `${sha1("acme")}.json`), "utf8");
  return JSON.parse(text) as Record<string, unknown>;
}

describe("sso-sync login (device code)", () => {
  it("prints the code to confirm, writes the AWS CLI's token cache, then syncs", async () => {
    await neverLoggedIn();
    harness.fake.login.device.pendingPolls = 1;
    const run = await harness.box.run(["login", "--sso-session", "acme"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /to sign in to session acme, open http:\/\/127\.0\.0\.1:\d+\/device\?user_code=\S+/,
    );
    assert.match(run.stderr, /check that it shows the code [0-9A-F]{4}-[0-9A-F]{4}/);
    assert.match(run.stderr, /1 synced/);
    const entry = await cacheEntry();
    assert.deepEqual(Object.keys(entry), [
      "startUrl",
      "region",
      "accessToken",
      "expiresAt",
      "clientId",
      "clientSecret",
      "registrationExpiresAt",
      "refreshToken",
    ]);
    assert.equal(entry.startUrl, "https://acme.awsapps.com/start#/");
    assert.match(String(entry.expiresAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const tokenFile = join(harness.box.cacheDir, `${sha1("acme")}.json`);
    assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
    assert.ok(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id);
    assert.equal(harness.fake.login.counters.registerClient, 1);
    // The registration is cached beside the token, under the name the AWS CLI uses.
    assert.equal(
      (await readdir(harness.box.cacheDir)).filter((name) => name.endsWith(".json")).length,
      2,
    );
  });

  it("a second login reuses the cached registration", async () => {
    await neverLoggedIn();
    assert.equal((await harness.box.run(["login", "--no-sync"])).code, 0);
    await import("node:fs/promises").then((fs) =>
      fs.rm(join(harness.box.cacheDir, `${sha1("acme")}.json`)),
    );
    const again = await harness.box.run(["login", "--no-sync"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(harness.fake.login.counters.registerClient, 1);
    assert.equal(harness.fake.login.counters.startDeviceAuthorization, 2);
  });

  it("SlowDownException adds 5 seconds to the poll interval, as botocore does", async () => {
    await neverLoggedIn();
    harness.fake.login.device.slowDownPolls = 1;
    const run = await harness.box.run(["login", "--no-sync"]);
    assert.equal(run.code, 0, run.stderr);
    const [slowed, next] = harness.fake.login.counters.devicePolls;
    assert.ok(slowed !== undefined && next !== undefined);
    // A lower bound only: the client sleeps at least 1 + 5 s between the two polls.
    assert.ok(next - slowed >= 5_900, `${next - slowed} ms between polls`);
    assert.equal(harness.fake.login.counters.deviceTokens, 1);
  });

  it("ten logins at once ask for one sign-in and all succeed", async () => {
    await neverLoggedIn();
    harness.fake.login.device.pendingPolls = 2;
    const runs = await Promise.all(
      Array.from({ length: 10 }, () => harness.box.run(["login", "--no-sync"])),
    );
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    assert.equal(runs.filter((run) => /logged in to session acme/.test(run.stderr)).length, 1);
    assert.equal(runs.filter((run) => /is logged in already/.test(run.stderr)).length, 9);
    assert.equal(harness.fake.login.counters.startDeviceAuthorization, 1);
    assert.equal(harness.fake.login.counters.deviceTokens, 1);
    assert.equal(
      runs.filter((run) => /open http:\/\/127\.0\.0\.1:\d+\/device/.test(run.stderr)).length,
      1,
    );
  });

  it("without --sso-session, logs in to every session and legacy start URL the profiles use", async () => {
    await harness.box.writeConfig(
      sessionConfig("acme", [DEV]) +
        sessionConfig("beta", [{ name: "b", account: "222222222222", role: "Admin" }]) +
        legacyConfig(
          { name: "old", account: "333333333333", role: "Admin" },
          "https://old.awsapps.com/start",
        ),
    );
    harness.fake.login.device.assignments = [
      "111111111111/Admin",
      "222222222222/Admin",
      "333333333333/Admin",
    ];
    const run = await harness.box.run(["login"]);
    assert.equal(run.code, 0, run.stderr);
    for (const label of ["session acme", "session beta", "start URL https://old.awsapps.com/start"])
      assert.match(run.stderr, new RegExp(`logged in to ${label.replace(/[.]/g, "\\.")}\n`));
    assert.equal(harness.fake.login.counters.deviceTokens, 3);
    assert.match(run.stderr, /3 synced/);
    const again = await harness.box.run(["login", "--no-sync"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr.match(/is logged in already/g)?.length, 3);
  });

  it("a refused or expired sign-in is exit 3 with a clear line, and writes no token", async () => {
    for (const outcome of ["deny", "expire"] as const) {
      await neverLoggedIn();
      harness.fake.login.device.outcome = outcome;
      const run = await harness.box.run(["login", "--no-sync"]);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /^sso-sync: the sign-in was not (approved|completed in time)/m);
      const names = await readdir(harness.box.cacheDir);
      assert.ok(!names.includes(`${sha1("acme")}.json`), outcome);
    }
  });

  it("a start URL that is not a URL or a region that is not a region: exit 2, nothing sent", async () => {
    for (const [url, region] of [
      ["acme.awsapps.com/start", "eu-west-1"],
      ["https://acme.awsapps.com/start", "moon-1"],
    ]) {
      await harness.box.writeConfig(
        `[sso-session acme]\nsso_start_url = ${url}\nsso_region = ${region}\n\n[profile dev]\nsso_session = acme\nsso_account_id = 1\nsso_role_name = R\n`,
      );
      const run = await harness.box.run(["login"]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /is not (a URL|an AWS region)/);
    }
    assert.equal(harness.fake.login.counters.registerClient, 0);
  });

  it("botocore (the AWS CLI's own token provider) loads the token sso-sync wrote", {
    skip: interopSkip(),
  }, async () => {
    await neverLoggedIn();
    assert.equal((await harness.box.run(["login", "--no-sync"])).code, 0);
    const entry = await cacheEntry();
    const script = [
      "from awscli.botocore.session import Session",
      "from awscli.botocore.tokens import SSOTokenProvider",
      "session = Session(profile='dev')",
      "token = SSOTokenProvider(session).load_token().get_frozen_token()",
      "print(token.token)",
    ].join("\n");
    const env = {
      HOME: harness.box.home,
      PATH: process.env.PATH ?? "/usr/bin",
      AWS_ENDPOINT_URL_SSO_OIDC: harness.fake.url,
    };
    const loaded = spawnSync(DEBIAN_PYTHON, ["-c", script], { env, encoding: "utf8" });
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.equal(loaded.stdout.trim(), entry.accessToken);
  });
});

describe("sso-sync logout", () => {
  it("ends the portal session, removes the token and the sections sso-sync wrote for it", async () => {
    await neverLoggedIn();
    assert.equal((await harness.box.run(["login"])).code, 0);
    const token = String((await cacheEntry()).accessToken);
    const synced = await harness.box.readCredentials();
    await harness.box.writeCredentials(`[mine]\naws_access_key_id = AKIAMINE\n\n${synced}`);
    const run = await harness.box.run(["logout"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^sso-sync: logged out of session acme$/m);
    assert.deepEqual(harness.fake.login.counters.logouts, [token], "the portal saw the logout");
    const names = await readdir(harness.box.cacheDir);
    assert.ok(!names.includes(`${sha1("acme")}.json`), "the token file is gone");
    const text = await harness.box.readCredentials();
    assert.equal(text, "[mine]\naws_access_key_id = AKIAMINE\n", "only sso-sync's section went");
    const after = await harness.box.run([]);
    assert.equal(after.code, 3, "the next sync needs a login");
    const twice = await harness.box.run(["logout"]);
    assert.equal(twice.code, 0, twice.stderr);
    assert.match(twice.stderr, /session acme was not logged in/);
  });
});
