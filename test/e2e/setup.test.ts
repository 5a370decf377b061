import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { botocoreRead } from "../support/botocore-reader.js";
import { DEBIAN_PYTHON, interopSkip } from "../support/consumers.js";
import { fixture } from "../support/fixtures.js";
import { useHarness } from "../support/harness.js";
import { exists, loginSteps } from "../support/login-helpers.js";
import { sectionOf } from "../support/sandbox.js";
import { answerOnTerminal, noScript } from "../support/terminal.js";

const harness = useHarness();
const { browserEnv, browserOpenings } = loginSteps(harness);
const run = promisify(execFile);
const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const ROLES = ["Admin", "ReadOnly"];
const START_URL = "https://corp.awsapps.com/start";
const FLAGS = ["--start-url", START_URL, "--region", "eu-west-1", "--sso-session", "corp"];
// The populated names: {account_name}.{role_name}, spaces made dashes.
const NEW_PROFILES = ["Prod-Main", "team-1", "team-2"].flatMap((account) =>
  ROLES.map((role) => `${account}.${role}`),
);

/** An organization of three accounts with two roles each, granted to whoever signs in. */
function organization(): void {
  harness.fake.login.device.assignments = ACCOUNTS.flatMap((account) =>
    ROLES.map((role) => `${account}/${role}`),
  );
  for (const [index, account] of ACCOUNTS.entries())
    harness.fake.describeAccount(
      account,
      index === 0 ? "Prod Main" : `team ${index}`,
      `a${index}@x`,
    );
}

// botocore 2.9.19 ignores AWS_ENDPOINT_URL_SSO, so its SSO provider's client is pointed at the
// fake by wrapping create_client on each session (sso and sso-oidc only). For each profile:
// which provider botocore resolved the credentials with, and the access key it got.
const RESOLVE_SCRIPT = `
import json, sys
from awscli.botocore.session import Session
out = {}
for profile in sys.argv[2:]:
    session = Session(profile=profile)
    create_client = session.create_client
    def at_fake(service_name, *args, _create=create_client, **kwargs):
        if service_name in ("sso", "sso-oidc"):
            kwargs["endpoint_url"] = sys.argv[1]
        return _create(service_name, *args, **kwargs)
    session.create_client = at_fake
    credentials = session.get_credentials()
    out[profile] = {"method": credentials.method, "key": credentials.get_frozen_credentials().access_key}
print(json.dumps(out))
`;

async function botocoreResolves(
  profiles: readonly string[],
): Promise<Record<string, { method: string; key: string }>> {
  const env = { HOME: harness.box.home, PATH: process.env.PATH ?? "/usr/bin" };
  const script = [RESOLVE_SCRIPT, harness.fake.url, ...profiles];
  const { stdout } = await run(DEBIAN_PYTHON, ["-c", ...script], { env, timeout: 60_000 });
  return JSON.parse(stdout) as Record<string, { method: string; key: string }>;
}

describe("sso-sync setup", () => {
  it("adds the session and a profile per assignment after hand-written profiles, syncs them, and a second run changes nothing", async () => {
    organization();
    const original = fixture("config/mixed.ini");
    await harness.box.writeConfig(original);
    const first = await harness.box.run(["setup", ...FLAGS], browserEnv());
    assert.equal(first.code, 0, first.stderr);
    const config = await harness.box.readConfig();
    assert.ok(config.startsWith(original), "the hand-written part stays byte for byte");
    assert.match(
      config.slice(original.length),
      /^\n\[sso-session corp\]\nsso_start_url = https:\/\/corp\.awsapps\.com\/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n\n\[profile /,
    );
    const [read] = botocoreRead([config]);
    assert.ok(read?.ok, "botocore reads the config");
    assert.deepEqual(read.ssoSessions.corp, {
      sso_start_url: START_URL,
      sso_region: "eu-west-1",
      sso_registration_scopes: "sso:account:access",
    });
    const added = Object.keys(read.profiles).filter(
      (name) => read.profiles[name]?.sso_session === "corp",
    );
    assert.deepEqual(added.sort(), [...NEW_PROFILES].sort());
    const credentials = await harness.box.readCredentials();
    for (const name of NEW_PROFILES)
      assert.ok(sectionOf(credentials, name)?.aws_access_key_id, `[${name}] synced`);
    assert.match(first.stdout, /^\+ \[sso-session corp\]$/m);
    assert.match(first.stdout, /^\+ \[profile Prod-Main\.Admin\]$/m);
    assert.match(first.stderr, /logged in to session corp/);
    assert.match(first.stderr, /6 synced/);
    assert.match(first.stderr, /session corp with 6 profiles in .*config; next:/);
    assert.match(first.stderr, /export AWS_PROFILE=Prod-Main\.Admin/);

    const second = await harness.box.run(["setup", ...FLAGS], browserEnv());
    assert.equal(second.code, 0, second.stderr);
    assert.equal(await harness.box.readConfig(), config, "the config is unchanged");
    assert.equal(await harness.box.readCredentials(), credentials, "fresh: not rewritten");
    assert.match(second.stdout, /^= \[sso-session corp\] is there already/m);
    assert.match(second.stderr, /session corp is logged in already/);
    assert.equal((await browserOpenings()).length, 1, "no second sign-in");
  });

  it("botocore resolves each new profile through SSO, with the role the profile names", {
    skip: interopSkip(),
  }, async () => {
    organization();
    await harness.box.writeConfig(fixture("config/mixed.ini"));
    const setup = await harness.box.run(["setup", ...FLAGS, "--account", "1*"], browserEnv());
    assert.equal(setup.code, 0, setup.stderr);
    const resolved = await botocoreResolves(["Prod-Main.Admin", "Prod-Main.ReadOnly"]);
    for (const [profile, role] of [
      ["Prod-Main.Admin", "Admin"],
      ["Prod-Main.ReadOnly", "ReadOnly"],
    ] as const) {
      assert.equal(resolved[profile]?.method, "sso", profile);
      const issued = harness.fake.issued.get(resolved[profile]?.key ?? "");
      assert.equal(`${issued?.accountId}/${issued?.roleName}`, `111111111111/${role}`);
    }
  });

  it("refuses a session of that name with other values: exit 2, one line saying what differs", async () => {
    organization();
    const original = fixture("config/mixed.ini");
    await harness.box.writeConfig(original);
    const conflict = await harness.box.run(
      ["setup", "--start-url", "https://acme.awsapps.com/start", "--region", "us-east-1"].concat([
        "--sso-session",
        "acme",
      ]),
      browserEnv(),
    );
    assert.equal(conflict.code, 2, conflict.stderr);
    assert.match(
      conflict.stderr,
      /^sso-sync: \[sso-session acme\] in \S+config has other values \(sso_region is eu-west-1, not us-east-1\); choose another --sso-session, or change it there\n$/,
    );
    assert.equal(await harness.box.readConfig(), original);
    assert.equal(harness.fake.login.counters.registerClient, 0, "no login was started");
  });

  it("without a terminal, a missing value is exit 2 naming it, and nothing is written", async () => {
    const missing = await harness.box.run(["setup", "--start-url", START_URL]);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /setup needs --region and --sso-session; stdin is not a terminal, so it cannot ask for them/,
    );
    assert.equal(await exists(harness.box.configFile), false, "no config was created");
    const wrong = await harness.box.run(["setup", ...FLAGS.slice(0, 2), "--region", "eu-west-9"]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--region: "eu-west-9" is not a region where IAM Identity Center/);
    const http = await harness.box.run(["setup", "--start-url", "http://corp.awsapps.com/start"]);
    assert.equal(http.code, 2);
    assert.match(http.stderr, /--start-url: .* is not an https:\/\/ address/);
  });

  it("at a terminal, asks for the start URL (again after a wrong one), the region and the name", {
    skip: noScript,
  }, async () => {
    organization();
    const env = {
      HOME: harness.box.home,
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      AWS_ENDPOINT_URL_SSO: harness.fake.url,
      AWS_ENDPOINT_URL_SSO_OIDC: harness.fake.url,
      ...browserEnv(),
    };
    const answered = await answerOnTerminal("setup --account 2*", env, [
      { after: /start URL.*: $/m, type: "corp.awsapps.com\r" },
      { after: /start URL.*: $/m, type: `${START_URL}\r` },
      { after: /Region of your IAM Identity Center .*: $/m, type: "23\r" },
      { after: /Name for the \[sso-session\] .*\[corp\]: $/m, type: "\r" },
    ]);
    assert.equal(answered.code, 0, answered.output);
    assert.match(answered.output, /"corp\.awsapps\.com" is not an address such as/);
    assert.match(answered.output, /23 eu-west-1/);
    const [read] = botocoreRead([await harness.box.readConfig()]);
    assert.ok(read?.ok);
    assert.deepEqual(read.ssoSessions.corp, {
      sso_start_url: START_URL,
      sso_region: "eu-west-1",
      sso_registration_scopes: "sso:account:access",
    });
    assert.ok(sectionOf(await harness.box.readCredentials(), "team-1.Admin")?.aws_access_key_id);
  });

  it("at a terminal, Ctrl-C at a question ends the setup with exit 130 and writes nothing", {
    skip: noScript,
  }, async () => {
    const env = { HOME: harness.box.home, PATH: process.env.PATH ?? "/usr/bin:/bin" };
    const stopped = await answerOnTerminal("setup", env, [
      { after: /start URL.*: $/m, type: "\u0003" },
    ]);
    assert.equal(stopped.code, 130, stopped.output);
    assert.match(stopped.output, /interrupted; nothing was written/);
    assert.equal(await exists(harness.box.configFile), false);
  });
});
