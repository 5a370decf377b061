import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { legacyConfig, sessionConfig, tokenBody } from "../support/config-text.js";
import { startFakeAws } from "../support/fake-aws.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, type RunResult, type Sandbox, sectionOf } from "../support/sandbox.js";

const harness = useHarness();

/** Every secret the fake ever issued, and the SSO access tokens; none may appear in output. */
function assertNoSecrets(run: RunResult, accessTokens: readonly string[] = []): void {
  const output = run.stdout + run.stderr;
  for (const credentials of harness.fake.issued.values()) {
    assert.ok(
      !output.includes(credentials.secretAccessKey),
      "secret access key leaked into output",
    );
    assert.ok(!output.includes(credentials.sessionToken), "session token leaked into output");
  }
  for (const token of accessTokens)
    assert.ok(!output.includes(token), "SSO access token leaked into output");
}

function assertIssued(
  section: Record<string, string> | undefined,
  account: string,
  role: string,
): void {
  assert.ok(section, "section missing");
  const issued = harness.fake.issued.get(section.aws_access_key_id ?? "");
  assert.ok(issued, "access key was not issued by the fake portal");
  assert.equal(issued.accountId, account);
  assert.equal(issued.roleName, role);
  assert.equal(section.aws_secret_access_key, issued.secretAccessKey);
  assert.equal(section.aws_session_token, issued.sessionToken);
  assert.equal(section.aws_security_token, issued.sessionToken);
  assert.equal(
    section.aws_credential_expiration,
    new Date(issued.expiration).toISOString().replace(/\.\d{3}Z$/, "Z"),
  );
}

describe("sync against the fake portal", () => {
  it("syncs legacy and sso-session profiles, dotted names and #/ start URLs", async () => {
    const legacyUrl = "https://legacy.awsapps.com/start#/";
    await harness.box.writeConfig(
      sessionConfig("acme", [
        { name: "team.dev", account: "111111111111", role: "Developer" },
        { name: "prod", account: "222222222222", role: "ReadOnly" },
      ]) + legacyConfig({ name: "old", account: "333333333333", role: "Admin" }, legacyUrl),
    );
    await harness.box.writeToken("acme", tokenBody("tok-acme", inMinutes(60)));
    await harness.box.writeToken(legacyUrl, tokenBody("tok-legacy", inMinutes(60)));
    harness.fake.grant("tok-acme", "111111111111/Developer", "222222222222/ReadOnly");
    harness.fake.grant("tok-legacy", "333333333333/Admin");
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assertIssued(sectionOf(text, "team.dev"), "111111111111", "Developer");
    assertIssued(sectionOf(text, "prod"), "222222222222", "ReadOnly");
    assertIssued(sectionOf(text, "old"), "333333333333", "Admin");
    assert.equal(sectionOf(text, "team.dev")?.sso_sync_profile, "team.dev");
    assert.match(
      run.stderr,
      /✔ team\.dev → \[team\.dev\] valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in (about )?(1 hour|60 minutes)\)/,
    );
    assert.match(run.stderr, /3 synced, 0 fresh, 0 need login, 0 failed/);
    assert.equal(run.stdout, "");
    assertNoSecrets(run, ["tok-acme", "tok-legacy"]);
  });

  it("reads a CRLF config", async () => {
    await harness.box.writeConfig(
      sessionConfig("crlf", [{ name: "win", account: "111111111111", role: "R" }]).replaceAll(
        "\n",
        "\r\n",
      ),
    );
    await harness.box.writeToken("crlf", tokenBody("tok-crlf", inMinutes(60)));
    harness.fake.grant("tok-crlf", "111111111111/R");
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    assertIssued(sectionOf(await harness.box.readCredentials(), "win"), "111111111111", "R");
  });

  for (const expiresAt of [
    "2099-01-01T00:00:00UTC",
    "2099-01-01T00:00:00.540Z",
    "2099-01-01T00:00:00+00:00",
    "2099-01-01T00:00:00Z",
  ]) {
    it(`accepts a token expiring at ${expiresAt}`, async () => {
      await harness.box.writeConfig(
        sessionConfig("fmt", [{ name: "p", account: "111111111111", role: "R" }]),
      );
      await harness.box.writeToken("fmt", tokenBody("tok-fmt", expiresAt));
      harness.fake.grant("tok-fmt", "111111111111/R");
      const run = await harness.box.run([]);
      assert.equal(run.code, 0, run.stderr);
    });
  }

  const badTokens: Array<[string, (box: Sandbox) => Promise<void>, RegExp]> = [
    [
      "a past ...UTC expiry",
      (b) => b.writeToken("acme", tokenBody("tok-old", "2021-04-16T00:26:08UTC")),
      /the SSO session has expired/,
    ],
    [
      "an unparseable expiry",
      (b) => b.writeToken("acme", tokenBody("tok-odd", "next tuesday")),
      /no readable expiresAt/,
    ],
    ["a garbled cache file", (b) => b.writeToken("acme", { garbage: true }), /no accessToken/],
    ["no cache file", async () => undefined, /no cached SSO token/],
  ];
  for (const [name, setup, reason] of badTokens) {
    it(`asks for login once per session with ${name}, without calling the portal`, async () => {
      await harness.box.writeConfig(
        sessionConfig("acme", [
          { name: "a", account: "111111111111", role: "R" },
          { name: "b", account: "222222222222", role: "R" },
        ]),
      );
      await setup(harness.box);
      const calls = harness.fake.counters.portalRequests;
      const run = await harness.box.run([]);
      assert.equal(run.code, 3, run.stderr);
      assert.equal(
        harness.fake.counters.portalRequests,
        calls,
        "the portal must not be called with an unusable token",
      );
      const lines = run.stderr.split("\n").filter((line) => line.includes("login needed"));
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0] ?? "", reason);
      assert.match(
        lines[0] ?? "",
        /login needed for a, b: .*; run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)$/,
      );
      assert.equal(existsSync(harness.box.credentialsFile), false);
    });
  }

  it("names the profile in the login command of a legacy profile", async () => {
    await harness.box.writeConfig(
      legacyConfig({ name: "old", account: "1", role: "R" }, "https://x.awsapps.com/start"),
    );
    const run = await harness.box.run([]);
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /run: sso-sync login --profile old \(or aws sso login --profile old\)/,
    );
  });

  it("handles unicode and shell metacharacters in profile names and quotes them in commands", async () => {
    const name = "dév;$HOME|ü";
    await harness.box.writeConfig(
      legacyConfig({ name, account: "111111111111", role: "R" }, "https://ü.awsapps.com/start"),
    );
    const login = await harness.box.run([]);
    assert.equal(login.code, 3);
    assert.ok(
      login.stderr.includes(
        `run: sso-sync login --profile '${name}' (or aws sso login --profile '${name}')`,
      ),
      login.stderr,
    );
    await harness.box.writeToken("https://ü.awsapps.com/start", tokenBody("tok-ü", inMinutes(60)));
    harness.fake.grant("tok-ü", "111111111111/R");
    const run = await harness.box.run(["--profile", name]);
    assert.equal(run.code, 0, run.stderr);
    assertIssued(sectionOf(await harness.box.readCredentials(), name), "111111111111", "R");
  });

  it("treats a revoked token (401) as login needed", async () => {
    await harness.box.writeConfig(
      sessionConfig("acme", [{ name: "a", account: "111111111111", role: "R" }]),
    );
    await harness.box.writeToken("acme", tokenBody("tok-revoked", inMinutes(60)));
    harness.fake.grant("tok-revoked", "111111111111/R");
    harness.fake.revoke("tok-revoked");
    const run = await harness.box.run([]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /login needed for a: the SSO portal rejected the cached token.*aws sso login --sso-session acme/,
    );
    assertNoSecrets(run, ["tok-revoked"]);
  });

  it("writes the good profile and reports the forbidden one (exit 4)", async () => {
    await harness.box.writeConfig(
      sessionConfig("acme", [
        { name: "good", account: "111111111111", role: "R" },
        { name: "nope", account: "999999999999", role: "Admin" },
      ]),
    );
    await harness.box.writeToken("acme", tokenBody("tok-mixed", inMinutes(60)));
    harness.fake.grant("tok-mixed", "111111111111/R");
    const run = await harness.box.run([]);
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /✖ nope: role Admin is not assigned to you in account 999999999999/);
    const text = await harness.box.readCredentials();
    assertIssued(sectionOf(text, "good"), "111111111111", "R");
    assert.equal(sectionOf(text, "nope"), undefined);
  });

  it("retries throttling and succeeds", async () => {
    await harness.box.writeConfig(
      sessionConfig("acme", [{ name: "a", account: "111111111111", role: "R" }]),
    );
    await harness.box.writeToken("acme", tokenBody("tok-throttle", inMinutes(60)));
    harness.fake.grant("tok-throttle", "111111111111/R");
    harness.fake.behaviour.throttleNext = 2;
    const before = harness.fake.counters.portalRequests;
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(harness.fake.counters.portalRequests - before, 3);
  });

  const faults: Array<[string, () => void, RegExp, string[]]> = [
    [
      "endless throttling",
      () => {
        harness.fake.behaviour.throttleNext = 1000;
      },
      /kept throttling requests \(429\): no request of this run got through for 2s/,
      ["--timeout", "2"],
    ],
    [
      "HTTP 503",
      () => {
        Object.assign(harness.fake.behaviour, { failNext: 1000, failStatus: 503 });
      },
      /failed with HTTP 503 after 4 attempts/,
      [],
    ],
    [
      "malformed JSON",
      () => {
        harness.fake.behaviour.malformed = true;
      },
      /unexpected answer from the SSO portal for eu-west-1 \(http:\/\/127\.0\.0\.1:\d+\)/,
      [],
    ],
    [
      "a portal that never answers",
      () => {
        harness.fake.behaviour.hang = true;
      },
      /no answer from the SSO portal for eu-west-1 \(http:\/\/127\.0\.0\.1:\d+\) within 1s/,
      ["--timeout", "1"],
    ],
    [
      // Past the 10 s socket timeout: the HTTP handler must not print a warning of its own.
      "a portal that never answers, past the socket timeout",
      () => {
        harness.fake.behaviour.hang = true;
      },
      /no answer from the SSO portal for eu-west-1 \(http:\/\/127\.0\.0\.1:\d+\) within 11s/,
      ["--timeout", "11"],
    ],
  ];
  for (const [name, inject, message, args] of faults) {
    it(`fails one profile cleanly on ${name} (exit 4)`, async () => {
      await harness.box.writeConfig(
        sessionConfig("acme", [{ name: "a", account: "111111111111", role: "R" }]),
      );
      await harness.box.writeToken("acme", tokenBody("tok-fault", inMinutes(60)));
      harness.fake.grant("tok-fault", "111111111111/R");
      inject();
      const run = await harness.box.run(args);
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
      assert.equal(run.stderr.trimEnd().split("\n").length, 2, "one line and the summary");
      assert.equal(existsSync(harness.box.credentialsFile), false);
    });
  }

  it("reaches the portal through AWS_ENDPOINT_URL too", async () => {
    await harness.box.writeConfig(
      sessionConfig("acme", [{ name: "a", account: "111111111111", role: "R" }]),
    );
    await harness.box.writeToken("acme", tokenBody("tok-generic", inMinutes(60)));
    harness.fake.grant("tok-generic", "111111111111/R");
    const run = await harness.box.run([], {
      AWS_ENDPOINT_URL_SSO: undefined,
      AWS_ENDPOINT_URL: harness.fake.url,
    });
    assert.equal(run.code, 0, run.stderr);
    assertIssued(sectionOf(await harness.box.readCredentials(), "a"), "111111111111", "R");
  });

  it("names the region and endpoint when the portal cannot be reached", async () => {
    await harness.box.writeConfig(
      sessionConfig("acme", [{ name: "a", account: "111111111111", role: "R" }]),
    );
    await harness.box.writeToken("acme", tokenBody("tok-x", inMinutes(60)));
    const closed = await startFakeAws();
    const url = closed.url;
    await closed.close();
    const run = await harness.box.run([], { AWS_ENDPOINT_URL_SSO: url });
    assert.equal(run.code, 4, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `cannot reach the SSO portal for eu-west-1 \\(${url.replaceAll(".", "\\.")}\\): ECONNREFUSED`,
      ),
    );
  });

  it("bounds requests in flight and fetches a shared account/role once", async () => {
    const profiles = Array.from({ length: 24 }, (_, index) => ({
      name: `p${index}`,
      account: String(100000000000 + index),
      role: "R",
    }));
    const twins = [
      { name: "twin-a", account: "555555555555", role: "Same" },
      { name: "twin-b", account: "555555555555", role: "Same" },
    ];
    await harness.box.writeConfig(sessionConfig("acme", [...profiles, ...twins]));
    await harness.box.writeToken("acme", tokenBody("tok-many", inMinutes(60)));
    harness.fake.grant("tok-many", ...[...profiles, ...twins].map((p) => `${p.account}/${p.role}`));
    harness.fake.behaviour.latencyMs = 40;
    harness.fake.counters.maxInFlight = 0;
    harness.fake.counters.byRole.clear();
    const run = await harness.box.run(["--concurrency", "4"]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      harness.fake.counters.maxInFlight <= 4,
      `max in flight ${harness.fake.counters.maxInFlight}`,
    );
    assert.ok(harness.fake.counters.maxInFlight >= 2, "requests should overlap");
    assert.equal(harness.fake.counters.byRole.get("555555555555/Same"), 1);
    const text = await harness.box.readCredentials();
    assert.equal(
      sectionOf(text, "twin-a")?.aws_access_key_id,
      sectionOf(text, "twin-b")?.aws_access_key_id,
    );
    for (const profile of profiles)
      assertIssued(sectionOf(text, profile.name), profile.account, "R");
  });
});
