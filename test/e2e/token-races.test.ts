import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sessionConfig } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { keepRewriting, writeInPlace } from "../support/in-place-writer.js";
import {
  authorizeUrlIn,
  exists,
  loginSteps,
  navigate,
  stderrUntil,
} from "../support/login-helpers.js";
import { collect, inMinutes, type RunResult, sectionOf, sha1 } from "../support/sandbox.js";

const harness = useHarness();
const { browserEnv } = loginSteps(harness);
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const CLIENT = { clientId: "client-1", clientSecret: "secret-1" };
const START_URL = "https://acme.awsapps.com/start#/";
const never = new Promise<never>(() => undefined);
const TOKEN = () => join(harness.box.cacheDir, `${sha1("acme")}.json`);

/** A session token cache entry as the AWS CLI writes it after a login. */
function entry(accessToken: string, expiresAt: string, refreshToken: string) {
  return {
    startUrl: START_URL,
    region: "eu-west-1",
    accessToken,
    expiresAt,
    refreshToken,
    ...CLIENT,
    registrationExpiresAt: inMinutes(60 * 24 * 30),
  };
}

/**
 * Session acme with profile dev, and a token that must be refreshed before use (expired, with a
 * refresh grant); the refresh's new token may use dev only when `refreshedMayUse` says so.
 */
async function expiredSession(refreshedMayUse = true): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", entry("tok-old", inMinutes(-5), "rt-old"));
  harness.fake.grant("tok-old", "111111111111/Admin");
  const assignments = refreshedMayUse ? ["111111111111/Admin"] : [];
  harness.fake.allowRefresh("rt-old", { ...CLIENT, chain: "tok-old" }, ...assignments);
}

async function cached(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(TOKEN(), "utf8")) as Record<string, unknown>;
}

async function devSection(): Promise<Record<string, string> | undefined> {
  const text = await harness.box.readCredentials().catch(() => "");
  return sectionOf(text, "dev");
}

describe("the token cache: refresh, login and logout never undo each other", () => {
  it("logout during a refresh: no token file, no section, and the refreshed token is revoked too", async () => {
    await expiredSession();
    const gate = harness.fake.holdRefreshes();
    const sync = harness.box.start([]);
    const syncDone = collect(sync);
    await gate.arrived();
    const logout = harness.box.start(["logout"]);
    const logoutDone = collect(logout);
    await stderrUntil(logout, /waiting for another sso-sync run/);
    gate.open();
    const [synced, loggedOut] = await Promise.all([syncDone, logoutDone]);
    assert.equal(loggedOut.code, 0, loggedOut.stderr);
    assert.match(loggedOut.stderr, /^sso-sync: logged out of session acme$/m);
    assert.equal(synced.code, 3, synced.stderr);
    assert.match(synced.stderr, /logged out while its token was being refreshed/);
    assert.ok(!(await exists(TOKEN())), "the token file stays removed");
    assert.equal(await devSection(), undefined, "no section written");
    const [refreshed] = gate.issued;
    assert.ok(refreshed !== undefined);
    assert.equal(harness.fake.accepts(refreshed), false, "the refreshed token is revoked");
    assert.equal(harness.fake.accepts("tok-old"), false, "the cached token is revoked");
  });

  it("a login (in place, as AWS CLI 2.9 writes) during a refresh: the login's tokens stay and are used", async () => {
    // The refresh's own token may not use dev: a sync that used it instead of the login's fails.
    await expiredSession(false);
    const gate = harness.fake.holdRefreshes();
    const sync = harness.box.start([]);
    const syncDone = collect(sync);
    await gate.arrived();
    harness.fake.grant("tok-login", "111111111111/Admin");
    const login = entry("tok-login", inMinutes(480), "rt-login");
    await writeInPlace(TOKEN(), JSON.stringify(login), 3);
    gate.open();
    const run = await syncDone;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /1 synced/);
    const after = await cached();
    assert.equal(after.accessToken, "tok-login");
    assert.equal(after.refreshToken, "rt-login");
  });

  it("a login that `aws sso login` overtook while it waited for the browser keeps that token", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    harness.fake.login.device.assignments = ["111111111111/Admin"];
    const child = harness.box.start(["login", "--no-sync"], browserEnv("none"));
    const done = collect(child);
    const authorize = authorizeUrlIn(await stderrUntil(child, /paste here/));
    const other = entry("tok-aws-cli", inMinutes(480), "rt-aws-cli");
    await writeInPlace(TOKEN(), JSON.stringify(other), 3);
    const approved = await fetch(authorize, { redirect: "manual" });
    await navigate(approved.headers.get("location") ?? "");
    child.stdin?.end();
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /logged in already/);
    assert.equal((await cached()).accessToken, "tok-aws-cli");
  });

  it("a sync reading a token file that is being rewritten in place never says 'login needed'", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const token = entry("tok-valid", inMinutes(120), "rt-valid");
    await harness.box.writeToken("acme", token);
    harness.fake.grant("tok-valid", "111111111111/Admin");
    // Half-written for ~80 ms of every ~440: a reader that does not look again often sees it.
    const writer = keepRewriting(TOKEN(), JSON.stringify(token), 80, 360);
    const runs: RunResult[] = [];
    try {
      // At least ten batches, and on until the file was rewritten often (a fast machine syncs
      // 30 times within a few rewrites); bounded in count.
      for (let batch = 0; batch < 60 && (batch < 10 || writer.count() < 8); batch++)
        runs.push(
          ...(await Promise.all([1, 2, 3].map(() => harness.box.run(["--force", "--quiet"])))),
        );
    } finally {
      assert.ok((await writer.stop()) > 5, "the writer kept rewriting");
    }
    for (const run of runs) {
      assert.doesNotMatch(run.stderr, /login needed|not valid JSON/);
      assert.equal(run.code, 0, run.stderr);
    }
  });

  it("ten logins, refreshes and logouts at once: the outcome is one of the orders they could have run in", async () => {
    await expiredSession();
    harness.fake.login.device.assignments = ["111111111111/Admin"];
    // Refreshed tokens are due for a refresh again (10 minutes left); logins' last 8 hours.
    harness.fake.behaviour.tokenLifetimeSeconds = 600;
    harness.fake.behaviour.latencyMs = 50;
    const gate = harness.fake.holdRefreshes();
    const kinds = ["sync", "logout", "login", "sync", "logout", "login", "sync", "logout"];
    kinds.push("login", "sync");
    const children = kinds.map((kind) =>
      kind === "login"
        ? harness.box.start(["login", "--no-sync"], browserEnv())
        : harness.box.start(kind === "sync" ? ["--force", "--lock-timeout", "60"] : [kind]),
    );
    for (const child of children) child.stdin?.end();
    const dones = children.map((child) => collect(child));
    const all = Promise.all(dones);
    // Once a refresh is in flight (if one gets there before a login's fresh token does), a logout
    // begins before it answers (it waits for it), unless every logout is over by then.
    const logouts = children.filter((_, index) => kinds[index] === "logout");
    const waiting = logouts.map((child) =>
      stderrUntil(child, /waiting for another/).catch(() => never),
    );
    await Promise.race([gate.arrived(), all]);
    await Promise.race([
      ...waiting,
      Promise.all(logouts.map((child) => dones[children.indexOf(child)])),
    ]);
    gate.open();
    const runs = await all;
    runs.forEach((run, index) => {
      const kind = kinds[index];
      const said = `${kind}: ${run.stderr}`;
      assert.doesNotMatch(run.stderr, /internal error|not valid JSON/, said);
      if (kind === "sync") assert.ok(run.code === 0 || run.code === 3, said);
      else assert.equal(run.code, 0, said);
    });
    // A session a logout ended stays ended: its newest token is revoked too, whether a refresh
    // got it just before the logout (then the logout found it in the cache) or while it ran.
    for (const revoked of harness.fake.login.counters.logouts) {
      const newest = harness.fake.newestOfChain(harness.fake.chainOf(revoked));
      assert.equal(harness.fake.accepts(newest), false, "a logged-out session's token lives on");
    }
    // Logged out at the end: the last of them was a logout, after which no sync could write.
    if (!(await exists(TOKEN()))) {
      assert.equal(await devSection(), undefined, "a section outlived the last logout");
      return;
    }
    // A token file left at the end was written after the last logout: by a login, or by a
    // refresh of a login made after it. Never by a refresh of a token some logout revoked.
    const left = String((await cached()).accessToken);
    const chain = harness.fake.chainOf(left);
    assert.ok(harness.fake.accepts(left), "the token left is valid at the portal");
    for (const revoked of harness.fake.login.counters.logouts)
      assert.notEqual(harness.fake.chainOf(revoked), chain, "a logged-out session came back");
  });
});
