import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import type { RoleFault } from "../support/fake-aws.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const GOOD = { name: "good", account: "111111111111", role: "R" };
const BAD = { name: "bad", account: "222222222222", role: "R" };

async function twoProfiles(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [GOOD, BAD]));
  await harness.box.writeToken("acme", tokenBody("tok-faults", inMinutes(60)));
  harness.fake.grant("tok-faults", "111111111111/R", "222222222222/R");
}

// Each fault hits one profile only; --timeout bounds the run (a test guard, not a timing assertion).
const cases: Array<[RoleFault, RegExp, string]> = [
  [
    "throttle",
    // Paced and retried until the portal has let nothing through for the whole --timeout.
    /the SSO portal for eu-west-1 .* kept throttling requests \(429\): no request of this run got through for 3s \(\d+ attempts\); try again later or raise --timeout/,
    "3",
  ],
  ["server-error", /the SSO portal for eu-west-1 .* failed with HTTP 503 after 4 attempts/, "30"],
  [
    "hang",
    /no answer from the SSO portal for eu-west-1 .* within 2s; try again or raise --timeout/,
    "2",
  ],
  [
    "malformed",
    /unexpected answer from the SSO portal|returned incomplete credentials|rejected the request/,
    "30",
  ],
  ["forbidden", /role R is not assigned to you in account 222222222222/, "30"],
];

describe("a fault on one profile", () => {
  for (const [fault, message, timeout] of cases) {
    it(`${fault}: the other profile is written, the faulty one is not, exit 4`, async () => {
      await twoProfiles();
      harness.fake.faults.set("222222222222/R", fault);
      const run = await harness.box.run(["--timeout", timeout]);
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, new RegExp(`✖ bad: ${message.source}`));
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
      const text = await harness.box.readCredentials();
      assert.ok(sectionOf(text, "good")?.aws_access_key_id);
      assert.equal(sectionOf(text, "bad"), undefined);
    });
  }

  it("latency only slows the run down", async () => {
    await twoProfiles();
    harness.fake.behaviour.latencyMs = 300;
    const run = await harness.box.run(["--timeout", "10"]);
    assert.equal(run.code, 0, run.stderr);
  });

  it("a revoked token (401) for one session asks for that login only (exit 3)", async () => {
    const other = { name: "other", account: "333333333333", role: "R" };
    await harness.box.writeConfig(
      `${sessionConfig("acme", [GOOD])}\n${sessionConfig("beta", [other]).replace(/^/, "")}`,
    );
    await harness.box.writeToken("acme", tokenBody("tok-acme", inMinutes(60)));
    await harness.box.writeToken("beta", tokenBody("tok-beta", inMinutes(60)));
    harness.fake.grant("tok-acme", "111111111111/R");
    harness.fake.grant("tok-beta", "333333333333/R");
    harness.fake.revoke("tok-beta");
    const run = await harness.box.run([]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /login needed for other: the SSO portal rejected the cached token .*run: sso-sync login --sso-session beta \(or aws sso login --sso-session beta\)/,
    );
    const text = await harness.box.readCredentials();
    assert.ok(sectionOf(text, "good")?.aws_access_key_id);
    assert.equal(sectionOf(text, "other"), undefined);
  });
});

describe("an endpoint that is not the SSO portal", () => {
  it("says HTTP 404, the URL, and which setting to check, for sync and accounts", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((_request, response) => {
      response.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
    try {
      await twoProfiles();
      const env = { AWS_ENDPOINT_URL_SSO: url };
      const sync = await harness.box.run(["--profile", "good", "--timeout", "30"], env);
      assert.equal(sync.code, 4, sync.stderr);
      const expected = `HTTP 404 from ${url}: that is not the SSO portal; check AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL`;
      assert.ok(sync.stderr.includes(expected), sync.stderr);
      assert.doesNotMatch(sync.stderr, /does not exist/);
      const accounts = await harness.box.run(["accounts", "--timeout", "30"], env);
      assert.equal(accounts.code, 4, accounts.stderr);
      assert.ok(accounts.stderr.includes(expected), accounts.stderr);
      assert.doesNotMatch(accounts.stderr, /account {2}or role/);
    } finally {
      server.close();
    }
  });
});
