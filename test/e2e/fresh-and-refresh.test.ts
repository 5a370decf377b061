import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { DEBIAN_PYTHON, interopSkip } from "../support/consumers.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sectionOf, sha1 } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const CLIENT = { clientId: "client-1", clientSecret: "client-secret-1" };

async function setup(token: Record<string, unknown>): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", token);
}

/** A session token cache entry with everything botocore needs to refresh it. */
function refreshable(accessToken: string, expiresAt: string, refreshToken: string) {
  return {
    ...tokenBody(accessToken, expiresAt),
    refreshToken,
    ...CLIENT,
    registrationExpiresAt: inMinutes(60 * 24 * 30),
    // A field sso-sync does not know must survive the rewrite.
    somethingNew: { kept: true },
  };
}

async function cacheEntry(key = "acme"): Promise<Record<string, unknown>> {
  const text = await readFile(join(harness.box.cacheDir, `${sha1(key)}.json`), "utf8");
  return JSON.parse(text) as Record<string, unknown>;
}

describe("skipping fresh sections", () => {
  it("second run is offline, takes no lock and leaves the file untouched", async () => {
    await setup(tokenBody("tok-a", inMinutes(60)));
    harness.fake.grant("tok-a", "111111111111/Admin");
    assert.equal((await harness.box.run([])).code, 0);
    const before = await stat(harness.box.credentialsFile);
    const text = await harness.box.readCredentials();
    const requests = harness.fake.counters.portalRequests;
    const second = await harness.box.run([]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /dev → \[dev\] still valid until .*; not fetched/);
    assert.match(second.stderr, /0 synced, 1 fresh/);
    assert.equal(harness.fake.counters.portalRequests, requests, "no portal call");
    const after = await stat(harness.box.credentialsFile);
    assert.equal(after.ino, before.ino, "not replaced");
    assert.equal(after.mtimeMs, before.mtimeMs, "not rewritten");
    assert.equal(await harness.box.readCredentials(), text);
    assert.equal(existsSync(`${harness.box.credentialsFile}.lock`), false);
  });

  it("is silent with --quiet when everything is fresh", async () => {
    await setup(tokenBody("tok-q", inMinutes(60)));
    harness.fake.grant("tok-q", "111111111111/Admin");
    assert.equal((await harness.box.run([])).code, 0);
    const quiet = await harness.box.run(["--quiet"]);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr, "");
    assert.equal(quiet.stdout, "");
  });

  it("does not need a token for a fresh section (a logged-out session keeps its keys)", async () => {
    await setup(tokenBody("tok-b", inMinutes(60)));
    harness.fake.grant("tok-b", "111111111111/Admin");
    assert.equal((await harness.box.run([])).code, 0);
    await harness.box.writeToken("acme", tokenBody("tok-b", inMinutes(-5)));
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
  });

  it("--force fetches again; --min-validity longer than the credentials' life fetches too", async () => {
    await setup(tokenBody("tok-c", inMinutes(60)));
    harness.fake.grant("tok-c", "111111111111/Admin");
    assert.equal((await harness.box.run([])).code, 0);
    const first = sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id;
    assert.equal((await harness.box.run(["--force"])).code, 0);
    const forced = sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id;
    assert.notEqual(forced, first);
    assert.equal((await harness.box.run(["--min-validity", "30m"])).code, 0);
    assert.equal(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id, forced);
    assert.equal((await harness.box.run(["--min-validity", "2h"])).code, 0);
    assert.notEqual(
      sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id,
      forced,
    );
  });

  it("rejects a --min-validity that is not a duration (exit 2)", async () => {
    await setup(tokenBody("tok-d", inMinutes(60)));
    const run = await harness.box.run(["--min-validity", "soon"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--min-validity takes a duration such as 30m/);
  });
});

describe("refreshing the SSO session", () => {
  it("refreshes an expired session token, syncs, and writes the CLI cache back", async () => {
    await setup(refreshable("tok-old", inMinutes(-30), "rt-1"));
    harness.fake.allowRefresh("rt-1", CLIENT, "111111111111/Admin");
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(harness.fake.counters.createTokenCalls, 1);
    const entry = await cacheEntry();
    assert.notEqual(entry.accessToken, "tok-old");
    assert.match(String(entry.accessToken), /^at-/);
    assert.notEqual(entry.refreshToken, "rt-1", "the rotated refresh token is saved");
    assert.match(String(entry.expiresAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const hours = (Date.parse(String(entry.expiresAt)) - Date.now()) / 3_600_000;
    assert.ok(hours > 7.9 && hours <= 8, `expires in ${hours} h`);
    assert.deepEqual(entry.somethingNew, { kept: true });
    assert.equal(entry.clientSecret, CLIENT.clientSecret);
    const mode = (await stat(join(harness.box.cacheDir, `${sha1("acme")}.json`))).mode & 0o777;
    assert.equal(mode, 0o600);
    assert.ok(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id);
    // The next run uses the refreshed token; the spent refresh token is not sent again.
    assert.equal((await harness.box.run(["--force"])).code, 0);
    assert.equal(harness.fake.counters.createTokenCalls, 1);
  });

  it("refreshes a token in its last 15 minutes, as botocore does", async () => {
    await setup(refreshable("tok-late", inMinutes(10), "rt-late"));
    harness.fake.allowRefresh("rt-late", CLIENT, "111111111111/Admin");
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(harness.fake.counters.createTokenCalls, 1);
    assert.notEqual((await cacheEntry()).accessToken, "tok-late");
  });

  it("keeps using a token in its last minutes when SSO-OIDC cannot be reached", async () => {
    await setup(refreshable("tok-near", inMinutes(10), "rt-near"));
    harness.fake.grant("tok-near", "111111111111/Admin");
    const run = await harness.box.run([], { AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9" });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await cacheEntry()).accessToken, "tok-near");
  });

  it("fails the profile (exit 4) when an expired token cannot be refreshed for lack of network", async () => {
    await setup(refreshable("tok-gone", inMinutes(-1), "rt-gone"));
    const run = await harness.box.run([], { AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9" });
    assert.equal(run.code, 4, run.stderr);
    assert.match(
      run.stderr,
      /✖ dev: the SSO session needs a refresh, which failed \(ECONNREFUSED from http:\/\/127\.0\.0\.1:9\); check the network/,
    );
    assert.doesNotMatch(run.stderr, /at .*\.js:\d+/);
  });

  it("asks for a login (exit 3) when the client registration has expired, without calling SSO-OIDC", async () => {
    await setup({
      ...refreshable("tok-x", inMinutes(-1), "rt-x"),
      registrationExpiresAt: inMinutes(-60),
    });
    harness.fake.allowRefresh("rt-x", CLIENT, "111111111111/Admin");
    const run = await harness.box.run([]);
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /client registration too.*run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
    );
    assert.equal(harness.fake.counters.createTokenCalls, 0);
  });

  it("asks for a login (exit 3) when SSO-OIDC refuses the refresh token", async () => {
    await setup(refreshable("tok-y", inMinutes(-1), "rt-spent"));
    harness.fake.allowRefresh("rt-spent", CLIENT, "111111111111/Admin");
    harness.fake.behaviour.rotateRefreshTokens = true;
    // Spend it first, as another machine sharing the session would.
    await harness.box.run([]);
    await setup(refreshable("tok-y", inMinutes(-1), "rt-spent"));
    const run = await harness.box.run(["--force"]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /refresh was refused \(InvalidGrantException from http:\/\/127\.0\.0\.1:\d+\); run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
    );
  });

  it("six concurrent runs spend one single-use refresh token once and all succeed", async () => {
    await setup(refreshable("tok-race", inMinutes(-1), "rt-race"));
    harness.fake.allowRefresh("rt-race", CLIENT, "111111111111/Admin");
    harness.fake.behaviour.latencyMs = 150;
    const runs = await Promise.all(Array.from({ length: 6 }, () => harness.box.run(["--force"])));
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    assert.equal(harness.fake.counters.createTokenCalls, 1);
    assert.equal(harness.fake.counters.createTokenRejected, 0);
  });

  it("a dry run reports what it would do without refreshing", async () => {
    await setup(refreshable("tok-dry", inMinutes(-1), "rt-dry"));
    harness.fake.allowRefresh("rt-dry", CLIENT, "111111111111/Admin");
    const run = await harness.box.run(["--dry-run"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /dev → \[dev\] would be created \(dry run\)/);
    assert.equal(harness.fake.counters.createTokenCalls, 0);
    assert.equal((await cacheEntry()).accessToken, "tok-dry");
  });

  it("never refreshes a legacy profile's token: login needed with --profile", async () => {
    const legacy = `[profile old]\nsso_start_url = https://old.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n`;
    await harness.box.writeConfig(legacy);
    await harness.box.writeToken(
      "https://old.awsapps.com/start",
      refreshable("tok-l", inMinutes(-1), "rt-l"),
    );
    harness.fake.allowRefresh("rt-l", CLIENT, "111111111111/Admin");
    const run = await harness.box.run([]);
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /run: sso-sync login --profile old \(or aws sso login --profile old\)/,
    );
    assert.equal(harness.fake.counters.createTokenCalls, 0);
  });
});

describe("botocore reads the refreshed cache", () => {
  it("loads the token sso-sync refreshed, without refreshing it again", {
    skip: interopSkip(),
  }, async () => {
    await setup(refreshable("tok-bc", inMinutes(-5), "rt-bc"));
    harness.fake.allowRefresh("rt-bc", CLIENT, "111111111111/Admin");
    assert.equal((await harness.box.run([])).code, 0);
    const entry = await cacheEntry();
    const script = [
      "from awscli.botocore.session import Session",
      "from awscli.botocore.tokens import SSOTokenProvider",
      "session = Session(profile='dev')",
      "token = SSOTokenProvider(session).load_token()",
      "print(token.get_frozen_token().token)",
    ].join("\n");
    const python = spawnSync(DEBIAN_PYTHON, ["-c", script], {
      env: {
        HOME: harness.box.home,
        PATH: process.env.PATH ?? "/usr/bin",
        AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9",
      },
      encoding: "utf8",
    });
    assert.equal(python.status, 0, python.stderr);
    assert.equal(python.stdout.trim(), entry.accessToken);
  });
});
