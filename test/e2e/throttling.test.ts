import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";
import { noScript, runOnTerminal } from "../support/terminal.js";

// The portal's own rate limit (a token bucket), as IAM Identity Center documents it: 20 requests
// per second. These runs take N / rate seconds by design: few of them, and the listings at 50/s,
// where sso-sync without pacing already failed (exit 4, nothing listed) and the runs are shorter.
const harness = useHarness();

function assignments(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    name: `p${index}`,
    account: String(100000000000 + index),
    role: "R",
  }));
}

/** A session with `count` profiles (or none), and a token that may use `count` accounts. */
async function organization(count: number, withProfiles: boolean): Promise<void> {
  const all = assignments(count);
  await harness.box.writeConfig(sessionConfig("acme", withProfiles ? all : []));
  await harness.box.writeToken("acme", tokenBody("tok-paced", inMinutes(120)));
  harness.fake.grant("tok-paced", ...all.map((entry) => `${entry.account}/R`));
}

function limit(ratePerSecond: number, burst = ratePerSecond): void {
  Object.assign(harness.fake.behaviour, {
    latencyMs: 20,
    pageSize: 100,
    rateLimit: { ratePerSecond, burst },
  });
}

describe("a portal at its rate limit", () => {
  it("syncs 300 profiles against 20 requests/second, every one (exit 0)", async () => {
    await organization(300, true);
    limit(20);
    const run = await harness.box.run(["--timeout", "20"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /300 synced, 0 fresh, 0 need login, 0 failed/);
    assert.ok(harness.fake.counters.rateLimited > 0, "the portal did throttle");
    const text = await harness.box.readCredentials();
    const missing = assignments(300).filter(
      (entry) => sectionOf(text, entry.name)?.aws_access_key_id === undefined,
    );
    assert.deepEqual(missing, []);
  });

  it("lists 300 accounts with accounts (exit 0)", async () => {
    await organization(300, false);
    limit(50);
    const run = await harness.box.run(["accounts", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(harness.fake.counters.rateLimited > 0, "the portal did throttle");
    const listed = (JSON.parse(run.stdout) as { assignments: { accountId: string }[] }).assignments;
    assert.deepEqual(
      listed.map((row) => row.accountId),
      assignments(300).map((entry) => entry.account),
    );
  });

  it("populates a profile for each of 300 accounts (exit 0)", async () => {
    await organization(300, false);
    limit(50);
    const run = await harness.box.run(["populate", "--sso-session", "acme", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(harness.fake.counters.rateLimited > 0, "the portal did throttle");
    const config = await harness.box.readConfig();
    const written = config.match(/^sso_sync_populated = acme$/gm) ?? [];
    assert.equal(written.length, 300);
  });

  it("gives up on a portal that refuses everything after --timeout: a line per profile, exit 4", async () => {
    await organization(20, true);
    limit(0, 0);
    const started = Date.now();
    const run = await harness.box.run(["--timeout", "3", "--concurrency", "4"]);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(run.code, 4, run.stderr);
    const lines = run.stderr.match(
      /^✖ p\d+: the SSO portal for eu-west-1 \(\S+\) kept throttling requests \(429\): no request of this run got through for 3s.*; try again later or raise --timeout$/gm,
    );
    assert.equal(lines?.length, 20, run.stderr);
    assert.match(run.stderr, /0 synced, 0 fresh, 0 need login, 20 failed/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    // Not before the budget is spent, and not a budget per profile (20 / 4 x 3 s = 15 s):
    // the bound is generous for a loaded machine.
    assert.ok(seconds >= 3, `ended after ${seconds}s`);
    assert.ok(seconds < 9, `ended after ${seconds}s`);
  });

  it("says once on a terminal that the portal is throttling, never in a pipe", {
    skip: noScript,
  }, async () => {
    await organization(20, true);
    limit(10, 2);
    const env = {
      HOME: harness.box.home,
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      AWS_ENDPOINT_URL_SSO: harness.fake.url,
    };
    const run = await runOnTerminal("--concurrency 8", env);
    assert.equal(run.code, 0, run.output);
    const notices = run.output.match(
      /sso-sync: the SSO portal is throttling requests; pacing them \(this run will take longer\)/g,
    );
    assert.equal(notices?.length, 1, run.output);
    harness.fake.behaviour.rateLimit = { ratePerSecond: 10, burst: 2 };
    const refused = harness.fake.counters.rateLimited;
    const piped = await harness.box.run(["--force"]);
    assert.equal(piped.code, 0, piped.stderr);
    assert.ok(harness.fake.counters.rateLimited > refused, "the portal did throttle");
    assert.doesNotMatch(piped.stderr, /throttling/);
  });
});
