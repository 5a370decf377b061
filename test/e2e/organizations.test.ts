import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { tokenBody } from "../support/config-text.js";
import { AWS_CLI, DEBIAN_PYTHON, interopSkip } from "../support/consumers.js";
import { fixture } from "../support/fixtures.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const run = promisify(execFile);
const ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];
const ROLES = ["Admin", "Billing", "ReadOnly"];

/** The hand-written fixture config (session acme, a few profiles) and five accounts of three roles. */
async function organization(): Promise<string> {
  const config = fixture("config/mixed.ini");
  await harness.box.writeConfig(config);
  await harness.box.writeToken("acme", tokenBody("tok-org", inMinutes(120)));
  harness.fake.grant(
    "tok-org",
    ...ACCOUNTS.flatMap((account) => ROLES.map((role) => `${account}/${role}`)),
  );
  for (const [index, account] of ACCOUNTS.entries()) {
    const name = index === 0 ? "Prod Main" : `team ${index}`;
    harness.fake.describeAccount(account, name, `aws+${index}@example.com`);
  }
  return config;
}

describe("sso-sync accounts", () => {
  it("lists every account and role over several pages and marks those with a profile", async () => {
    await organization();
    const result = await harness.box.run(["accounts", "--sso-session", "acme", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const body = JSON.parse(result.stdout) as {
      assignments: Array<{
        accountId: string;
        roleName: string;
        accountName: string;
        profiles: string[];
      }>;
    };
    assert.equal(body.assignments.length, 15);
    assert.deepEqual(
      body.assignments.map((row) => `${row.accountId}/${row.roleName}`),
      ACCOUNTS.flatMap((account) => ROLES.map((role) => `${account}/${role}`)),
    );
    assert.equal(body.assignments[0]?.accountName, "Prod Main");
    assert.deepEqual(
      body.assignments.flatMap((row) => row.profiles),
      [],
      "legacy uses another start URL",
    );
    // pageSize 2: three pages of accounts, two pages of roles for each account.
    assert.equal(harness.fake.counters.listAccountsPages, 3);
    assert.equal(harness.fake.counters.listRolesPages, 10);
    const text = await harness.box.run(["accounts", "--sso-session", "acme"]);
    assert.match(text.stdout, /^ACCOUNT\s+NAME\s+EMAIL\s+ROLE\s+PROFILES$/m);
    assert.match(text.stdout, /session acme: 5 accounts, 15 roles, 15 without a profile/);
  });

  it("marks the assignments that already have a profile on this session", async () => {
    const config = await organization();
    await harness.box.writeConfig(
      `${config}\n[profile mine]\nsso_session = acme\nsso_account_id = 333333333333\nsso_role_name = Billing\n`,
    );
    const result = await harness.box.run(["accounts", "--json"]);
    assert.equal(result.code, 2, "two token sources (acme and the legacy start URL): choose one");
    const chosen = await harness.box.run(["accounts", "--profile", "mine", "--json"]);
    assert.equal(chosen.code, 0, chosen.stderr);
    const rows = (
      JSON.parse(chosen.stdout) as {
        assignments: Array<{ accountId: string; roleName: string; profiles: string[] }>;
      }
    ).assignments;
    assert.deepEqual(
      rows
        .filter((row) => row.profiles.length > 0)
        .map((row) => [row.accountId, row.roleName, row.profiles]),
      [["333333333333", "Billing", ["mine"]]],
    );
  });

  it("survives throttling in the middle of the listing", async () => {
    await organization();
    harness.fake.behaviour.throttleSkip = 3;
    harness.fake.behaviour.throttleNext = 2;
    const result = await harness.box.run(["accounts", "--sso-session", "acme", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { assignments: unknown[] }).assignments.length, 15);
    assert.equal(harness.fake.behaviour.throttleNext, 0, "the 429s were answered");
  });

  it("fails with exit 4 and the endpoint when the listing keeps failing; exit 2 for an unknown profile", async () => {
    await organization();
    harness.fake.faults.set("/", "server-error");
    const result = await harness.box.run(["accounts", "--sso-session", "acme"]);
    assert.equal(result.code, 4, result.stderr);
    assert.match(
      result.stderr,
      /cannot list the accounts of session acme: the SSO portal for eu-west-1 .* failed with HTTP 503/,
    );
    assert.equal(result.stdout, "");
    const unknown = await harness.box.run(["accounts", "--profile", "nope"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no SSO profile named nope/);
  });

  it("asks for a login (exit 3) when the session has expired", async () => {
    await organization();
    await harness.box.writeToken("acme", tokenBody("tok-org", inMinutes(-1)));
    const result = await harness.box.run(["accounts", "--sso-session", "acme"]);
    assert.equal(result.code, 3);
    assert.match(
      result.stderr,
      /login needed for session acme: .*run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
    );
  });
});

// Accounts 111… (by id glob) and 333… (by name), every role: six profiles.
const SOME_ACCOUNTS = [
  "populate",
  "--sso-session",
  "acme",
  "--account",
  "1*",
  "--account",
  "team 2",
  "--region",
  "eu-west-1",
];

describe("sso-sync populate", () => {
  it("adds one profile per assignment, changing only added lines, and is idempotent", async () => {
    const original = await organization();
    const first = await harness.box.run(SOME_ACCOUNTS);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /\+ \[profile Prod-Main\.Admin\]/);
    assert.match(
      first.stderr,
      /^sso-sync populate: 6 added, 0 updated, 0 removed, 0 unchanged, 0 already covered, 0 clashes → /,
    );
    const text = await harness.box.readConfig();
    assert.ok(
      text.startsWith(original.endsWith("\n") ? original : `${original}\n`),
      "the hand-written part is untouched",
    );
    const added = text.slice(original.length);
    assert.equal((added.match(/^\[profile /gm) ?? []).length, 6);
    assert.match(
      added,
      /\[profile team-2\.ReadOnly\]\nsso_session = acme\nsso_account_id = 333333333333\nsso_role_name = ReadOnly\nregion = eu-west-1\nsso_sync_populated = acme\n/,
    );
    const second = await harness.box.run(SOME_ACCOUNTS);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /0 added, 0 updated, 0 removed, 6 unchanged/);
    assert.equal(await harness.box.readConfig(), text);
  });

  it("--dry-run shows the diff and writes nothing", async () => {
    const original = await organization();
    const dry = await harness.box.run([
      "populate",
      "--sso-session",
      "acme",
      "--role",
      "Admin",
      "--dry-run",
    ]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /\+ \[profile team-3\.Admin\]\n\+ sso_session = acme\n\+ sso_account_id = 444444444444/,
    );
    assert.doesNotMatch(dry.stderr, /\+ \[profile/, "the diff is data: stdout only");
    assert.match(dry.stderr, /5 added.*\(dry run; nothing was changed\)/);
    assert.equal(await harness.box.readConfig(), original);
  });

  it("--prune removes a populated profile whose assignment is gone, and nothing else", async () => {
    const original = await organization();
    assert.equal(
      (await harness.box.run(["populate", "--sso-session", "acme", "--role", "Admin"])).code,
      0,
    );
    const populated = await harness.box.readConfig();
    harness.fake.ungrant("tok-org", "333333333333/Admin");
    const pruned = await harness.box.run([
      "populate",
      "--sso-session",
      "acme",
      "--role",
      "Admin",
      "--prune",
    ]);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /- \[profile team-2\.Admin\]/);
    const text = await harness.box.readConfig();
    assert.ok(text.startsWith(original));
    // As if it had never been added: its block and the blank line before it go.
    assert.equal(text, populated.replace(/\n\[profile team-2\.Admin\]\n(?:[^[\n][^\n]*\n)*/, ""));
  });

  it("--prune leaves the config byte for byte as a populate that never had the pruned profiles", async () => {
    const original = await organization();
    const accounts = ACCOUNTS.slice(0, 4).flatMap((account) => ["--account", account]);
    const populate = ["populate", "--sso-session", "acme", ...accounts, "--role", "Admin"];
    assert.equal((await harness.box.run(populate)).code, 0);
    // Two neighbours in the middle and the last one: where blank lines used to pile up.
    for (const account of ["222222222222", "333333333333", "444444444444"])
      harness.fake.ungrant("tok-org", `${account}/Admin`);
    const pruned = await harness.box.run([...populate, "--prune"]);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stderr, /3 removed/);
    const after = await harness.box.readConfig();
    await harness.box.writeConfig(original);
    assert.equal((await harness.box.run(populate)).code, 0);
    assert.equal(after, await harness.box.readConfig());
    harness.fake.ungrant("tok-org", "111111111111/Admin");
    assert.equal((await harness.box.run([...populate, "--prune"])).code, 0);
    assert.equal(
      await harness.box.readConfig(),
      original,
      "pruning everything gives the original back",
    );
  });

  it("--prune with a filter keeps profiles the filter left out while the portal still assigns them", async () => {
    await organization();
    assert.equal(
      (await harness.box.run(["populate", "--sso-session", "acme", "--role", "Admin"])).code,
      0,
    );
    const populated = await harness.box.readConfig();
    const args = ["populate", "--sso-session", "acme", "--role", "ReadOnly", "--prune"];
    const dry = await harness.box.run([...args, "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.doesNotMatch(dry.stdout, /^- /m, "nothing planned for removal");
    assert.match(dry.stderr, / 0 removed, /);
    const real = await harness.box.run(args);
    assert.equal(real.code, 0, real.stderr);
    const text = await harness.box.readConfig();
    assert.ok(text.startsWith(populated), "every Admin profile is still there, byte for byte");
    assert.equal((text.match(/^\[profile .*\.Admin\]$/gm) ?? []).length, 5);
  });

  it("skips an assignment a hand-written profile already uses, as accounts reports it", async () => {
    const original = await organization();
    const mine =
      "\n[profile mine]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Admin\n";
    await harness.box.writeConfig(original + mine);
    const listed = await harness.box.run(["accounts", "--sso-session", "acme"]);
    assert.match(listed.stdout, /14 without a profile/);
    const dry = await harness.box.run(["populate", "--sso-session", "acme", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /14 added, .* 1 already covered, /);
    assert.match(
      dry.stdout,
      /^= account 111111111111, role Admin: \[profile mine\] already uses it/m,
    );
    assert.doesNotMatch(dry.stdout, /\+ \[profile Prod-Main\.Admin\]/);
    const duplicate = await harness.box.run([
      "populate",
      "--sso-session",
      "acme",
      "--dry-run",
      "--duplicate",
    ]);
    assert.match(duplicate.stderr, /15 added, .* 0 already covered, /);
    assert.match(duplicate.stdout, /\+ \[profile Prod-Main\.Admin\]/);
  });

  it("--json lists every change; -q prints only what needs attention", async () => {
    const original = await organization();
    const json = await harness.box.run([...SOME_ACCOUNTS, "--dry-run", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const body = JSON.parse(json.stdout) as {
      exitCode: number;
      dryRun: boolean;
      changes: Array<{ kind: string; profile: string; lines: string[] }>;
    };
    assert.equal(body.exitCode, 0);
    assert.equal(body.dryRun, true);
    assert.equal(body.changes.filter((change) => change.kind === "add").length, 6);
    assert.ok(body.changes.some((change) => change.profile === "Prod-Main.Admin"));
    assert.equal(await harness.box.readConfig(), original, "a dry run writes nothing");
    const quiet = await harness.box.run([...SOME_ACCOUNTS, "-q"]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stdout + quiet.stderr, "");
    assert.equal(((await harness.box.readConfig()).match(/^\[profile /gm) ?? []).length, 13);
  });

  it("refuses a template with an unknown placeholder (exit 2), before any portal call", async () => {
    const original = await organization();
    const result = await harness.box.run([
      "populate",
      "--sso-session",
      "acme",
      "--template",
      "{bogus}-{role_name}",
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--template: unknown placeholder \{bogus\}; use \{account_name\}/);
    assert.equal(harness.fake.counters.portalRequests, 0);
    assert.equal(await harness.box.readConfig(), original);
  });

  it("never touches a hand-written profile on a name clash, and says so (exit 4)", async () => {
    const original = await organization();
    const handWritten = `${original}\n[profile team-1.Billing]\nregion = us-east-1\n`;
    await harness.box.writeConfig(handWritten);
    const result = await harness.box.run([
      "populate",
      "--sso-session",
      "acme",
      "--account",
      "222*",
    ]);
    assert.equal(result.code, 4);
    assert.match(
      result.stdout,
      /! \[profile team-1\.Billing\] exists and was not written by sso-sync populate/,
    );
    assert.match(result.stderr, / 1 clash → /);
    const text = await harness.box.readConfig();
    assert.ok(text.startsWith(handWritten));
    assert.equal(sectionOf(text, "profile team-1.Billing")?.region, "us-east-1");
    assert.equal((text.match(/^\[profile team-1\.Billing\]$/gm) ?? []).length, 1);
  });

  it("leaves the config alone (exit 5) when another process holds its lock", async () => {
    const original = await organization();
    await mkdir(`${harness.box.configFile}.lock`);
    const result = await harness.box.run([
      "populate",
      "--sso-session",
      "acme",
      "--lock-timeout",
      "0",
    ]);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /config is locked by another process .*; nothing was changed/);
    assert.equal(await harness.box.readConfig(), original);
  });

  it("after populate, a bare sso-sync syncs every populated profile", async () => {
    await organization();
    assert.equal(
      (await harness.box.run(["populate", "--sso-session", "acme", "--account", "555555555555"]))
        .code,
      0,
    );
    const sync = await harness.box.run(["--profile", "team-4.*"]);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stderr, /3 synced/);
    const credentials = await harness.box.readCredentials();
    for (const role of ROLES)
      assert.ok(sectionOf(credentials, `team-4.${role}`)?.aws_access_key_id, role);
  });

  it("botocore resolves a populated profile through the fake portal", {
    skip: interopSkip(),
  }, async () => {
    await organization();
    assert.equal(
      (
        await harness.box.run([
          "populate",
          "--sso-session",
          "acme",
          "--account",
          "222*",
          "--role",
          "ReadOnly",
        ])
      ).code,
      0,
    );
    // botocore 2.9 predates AWS_ENDPOINT_URL_SSO: point its SSO client at the fake by hand.
    const script = [
      "import sys",
      "from awscli.botocore.session import Session",
      "create = Session.create_client",
      "def pointed(self, service, *args, **kwargs):",
      "    if service == 'sso': kwargs['endpoint_url'] = sys.argv[1]",
      "    return create(self, service, *args, **kwargs)",
      "Session.create_client = pointed",
      "print(Session(profile='team-1.ReadOnly').get_credentials().get_frozen_credentials().access_key)",
    ].join("\n");
    const { stdout } = await run(DEBIAN_PYTHON, ["-c", script, harness.fake.url], {
      env: { HOME: harness.box.home, PATH: "/usr/bin:/bin" },
    });
    const issued = harness.fake.issued.get(stdout.trim());
    assert.equal(issued?.accountId, "222222222222");
    assert.equal(issued?.roleName, "ReadOnly");
  });
});

const CHAIN_CONFIG = `[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1

[profile base]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = Admin

[profile hop]
role_arn = arn:aws:iam::222222222222:role/Hop
source_profile = base

[profile deploy]
role_arn = arn:aws:iam::333333333333:role/team/Deploy
source_profile = hop
role_session_name = ci-deploy
external_id = shared-secret-id
region = us-west-2
`;

describe("chained roles", () => {
  it("assumes each hop with the caller before it, writes the section, and the AWS CLI signs with it", async () => {
    await harness.box.writeConfig(CHAIN_CONFIG);
    await harness.box.writeToken("acme", tokenBody("tok-chain", inMinutes(120)));
    harness.fake.grant("tok-chain", "111111111111/Admin");
    harness.fake.trust("arn:aws:iam::333333333333:role/team/Deploy", {
      externalId: "shared-secret-id",
    });
    const result = await harness.box.run([
      "--profile",
      "deploy:deploy-static",
      "--profile",
      "base",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      harness.fake.assumed.map((call) => [call.roleArn, call.callerAccountId, call.callerRoleName]),
      [
        ["arn:aws:iam::222222222222:role/Hop", "111111111111", "Admin"],
        ["arn:aws:iam::333333333333:role/team/Deploy", "222222222222", "Hop"],
      ],
    );
    assert.equal(harness.fake.assumed[1]?.sessionName, "ci-deploy");
    assert.match(harness.fake.assumed[0]?.sessionName ?? "", /^sso-sync-\d+$/);
    assert.equal(harness.fake.counters.portalRequests, 1, "the SSO role is fetched once for both");
    const section = sectionOf(await harness.box.readCredentials(), "deploy-static");
    assert.equal(section?.sso_sync_profile, "deploy");
    assert.equal(
      harness.fake.issued.get(section?.aws_access_key_id ?? "")?.accountId,
      "333333333333",
    );
    if (interopSkip() !== false) return;
    const { stdout } = await run(
      AWS_CLI,
      [
        "sts",
        "get-caller-identity",
        "--profile",
        "deploy-static",
        "--region",
        "us-west-2",
        "--endpoint-url",
        harness.fake.url,
        "--output",
        "json",
      ],
      {
        env: {
          HOME: harness.box.home,
          PATH: "/usr/bin:/bin",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_PAGER: "",
        },
      },
    );
    assert.equal(JSON.parse(stdout).Arn, "arn:aws:sts::333333333333:assumed-role/Deploy/ci-deploy");
  });

  it("fails the chained profile alone when STS refuses (wrong external_id), exit 4", async () => {
    await harness.box.writeConfig(CHAIN_CONFIG);
    await harness.box.writeToken("acme", tokenBody("tok-chain", inMinutes(120)));
    harness.fake.grant("tok-chain", "111111111111/Admin");
    harness.fake.trust("arn:aws:iam::333333333333:role/team/Deploy", { externalId: "another-id" });
    const result = await harness.box.run([]);
    assert.equal(result.code, 4, result.stderr);
    assert.match(
      result.stderr,
      /✖ deploy: STS AssumeRole arn:aws:iam::333333333333:role\/team\/Deploy \(profile deploy\) was refused/,
    );
    assert.match(result.stderr, /2 synced/, "base and hop are still written");
  });

  it("names the profiles of a source_profile cycle", async () => {
    await harness.box.writeConfig(
      `${CHAIN_CONFIG}\n[profile loop-a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = loop-b\n\n[profile loop-b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = loop-a\n`,
    );
    const result = await harness.box.run(["--profile", "loop-a", "--dry-run"]);
    assert.match(result.stderr, /loop-a: source_profile cycle: loop-a -> loop-b -> loop-a/);
  });

  it("skips a hop that needs an MFA code when nobody is at a terminal (exit 3)", async () => {
    await harness.box.writeConfig(`${CHAIN_CONFIG}mfa_serial = arn:aws:iam::111111111111:mfa/me\n`);
    await harness.box.writeToken("acme", tokenBody("tok-chain", inMinutes(120)));
    harness.fake.grant("tok-chain", "111111111111/Admin");
    const result = await harness.box.run(["--profile", "deploy"]);
    assert.equal(result.code, 3);
    assert.match(
      result.stderr,
      /needs an MFA code \(mfa_serial arn:aws:iam::111111111111:mfa\/me\) and nobody is at a terminal/,
    );
    assert.equal(harness.fake.assumed.length, 1, "only the hop without MFA was assumed");
  });
});
