import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { legacyConfig, sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes } from "../support/sandbox.js";

const harness = useHarness();
const NAMES = ["fresh", "soon", "old", "new", "blocked"];

function owned(name: string, expiresAt: string): string {
  return `[${name}]\naws_access_key_id = ASIA${name.toUpperCase()}\naws_secret_access_key = s\naws_session_token = t\naws_credential_expiration = ${expiresAt}\nsso_sync_profile = ${name}\n`;
}

async function setup(tokenMinutes: number): Promise<void> {
  const profiles = NAMES.map((name, index) => ({
    name,
    account: `11111111111${index}`,
    role: "R",
  }));
  await harness.box.writeConfig(sessionConfig("acme", profiles));
  await harness.box.writeToken("acme", tokenBody("tok-status", inMinutes(tokenMinutes)));
  await harness.box.writeCredentials(
    [
      owned("fresh", inMinutes(50)),
      owned("soon", inMinutes(5)),
      owned("old", inMinutes(-5)),
      "[blocked]\naws_access_key_id = AKIAHAND\naws_secret_access_key = hand\n",
    ].join("\n"),
  );
}

function stateOf(stdout: string, profile: string): string | undefined {
  const line = stdout.split("\n").find((row) => row.startsWith(`${profile} `));
  return line
    ?.trim()
    .split(/\s{2,}/)
    .at(-1);
}

describe("sso-sync status", () => {
  it("shows every state and exits 0 while the session is valid, without any network", async () => {
    await setup(120);
    const before = await harness.box.readCredentials();
    const run = await harness.box.run(["status"], { AWS_ENDPOINT_URL_SSO: "http://127.0.0.1:9" });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^PROFILE\s+SESSION\s+TOKEN\s+SECTION\s+CREDENTIALS\s+STATE$/m);
    assert.equal(stateOf(run.stdout, "fresh"), "fresh");
    assert.equal(stateOf(run.stdout, "soon"), "expiring");
    assert.equal(stateOf(run.stdout, "old"), "expired");
    assert.equal(stateOf(run.stdout, "new"), "never-synced");
    assert.equal(stateOf(run.stdout, "blocked"), "blocked: [blocked] was not written by sso-sync");
    assert.match(
      run.stdout,
      /^fresh\s+acme\s+valid until \S+Z \(in 2 hours\)\s+\[fresh\]\s+\S+Z \(in 50 minutes\)/m,
    );
    assert.equal(harness.fake.counters.portalRequests, 0);
    assert.equal(await harness.box.readCredentials(), before);
    assert.doesNotMatch(run.stdout, /ASIA|AKIA/, "no key is printed");
  });

  it("exits 3 with the login command when the session has expired and cannot refresh", async () => {
    await setup(-1);
    const run = await harness.box.run(["status", "--profile", "fresh"]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /^fresh\s+acme\s+login needed/m);
    assert.match(
      run.stdout,
      /! login needed for fresh: the SSO session has expired; run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
    );
  });

  it("says a refreshable session will be refreshed, and exits 0", async () => {
    await setup(-1);
    await harness.box.writeToken("acme", {
      ...tokenBody("tok-status", inMinutes(-1)),
      refreshToken: "rt",
      clientId: "c",
      clientSecret: "s",
      registrationExpiresAt: inMinutes(600),
    });
    const run = await harness.box.run(["status"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^fresh\s+acme\s+expired, will be refreshed/m);
    assert.equal(harness.fake.counters.createTokenCalls, 0, "status never refreshes");
  });

  it("says a token in its last 15 minutes is expiring, with when, and will be refreshed", async () => {
    await setup(-1);
    await harness.box.writeToken("acme", {
      ...tokenBody("tok-status", inMinutes(5)),
      refreshToken: "rt",
      clientId: "c",
      clientSecret: "s",
      registrationExpiresAt: inMinutes(600),
    });
    const run = await harness.box.run(["status"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^fresh\s+acme\s+expiring \S+Z \(in 5 minutes\), will be refreshed/m);
  });

  it("notes that legacy profiles cannot refresh", async () => {
    await harness.box.writeConfig(
      legacyConfig(
        { name: "old", account: "111111111111", role: "R" },
        "https://x.awsapps.com/start",
      ),
    );
    await harness.box.writeToken("https://x.awsapps.com/start", tokenBody("t", inMinutes(60)));
    const run = await harness.box.run(["status"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /https:\/\/x\.awsapps\.com\/start \(legacy\)/);
    assert.match(
      run.stdout,
      /legacy profiles .* cannot be refreshed without a browser; move them to an \[sso-session\]/,
    );
  });

  it("--json gives the same facts for scripts", async () => {
    await setup(-1);
    const run = await harness.box.run(["status", "--json"]);
    assert.equal(run.code, 3);
    const body = JSON.parse(run.stdout) as {
      exitCode: number;
      loginNeeded: boolean;
      profiles: Array<{
        profile: string;
        state: string;
        token: string;
        credentialExpiration: string | null;
        loginCommand: string | null;
        awsLoginCommand: string | null;
      }>;
    };
    assert.equal(body.exitCode, 3);
    assert.equal(body.loginNeeded, true);
    const byName = new Map(body.profiles.map((row) => [row.profile, row]));
    assert.deepEqual(
      NAMES.map((name) => byName.get(name)?.state),
      ["fresh", "expiring", "expired", "never-synced", "blocked"],
    );
    assert.equal(byName.get("fresh")?.token, "login-needed");
    assert.equal(byName.get("fresh")?.loginCommand, "sso-sync login --sso-session acme");
    assert.equal(byName.get("fresh")?.awsLoginCommand, "aws sso login --sso-session acme");
    assert.match(byName.get("soon")?.credentialExpiration ?? "", /Z$/);
    assert.equal(byName.get("new")?.credentialExpiration, null);
  });
});
