import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { type BotocoreValue, botocoreRead } from "../support/botocore-reader.js";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { AWS_CLI, interopSkip } from "../support/consumers.js";
import { useHarness } from "../support/harness.js";
import { inMinutes } from "../support/sandbox.js";

// What sso-sync writes, judged by botocore's own reader (and, where it matters, by the AWS CLI
// signing a request with the keys it read).
const harness = useHarness();
const skip = interopSkip();
const execFileAsync = promisify(execFile);

const DEV = { name: "dev", account: "111111111111", role: "R" };

async function setup(profiles = [DEV], config?: string): Promise<void> {
  await harness.box.writeConfig(config ?? sessionConfig("acme", profiles));
  await harness.box.writeToken("acme", tokenBody("tok-bc", inMinutes(60)));
  harness.fake.grant("tok-bc", ...profiles.map((p) => `${p.account}/${p.role}`));
}

/** The credentials file as botocore reads it (sub-sections parsed), failing when it cannot. */
async function botocoreSections(): Promise<Record<string, Record<string, BotocoreValue>>> {
  const [reading] = botocoreRead([await harness.box.readCredentials()]);
  assert.ok(reading?.ok, `botocore rejects the file: ${JSON.stringify(reading)}`);
  return reading.nested;
}

/** Asserts botocore reads in `section` exactly the credentials the fake portal issued. */
function assertIssued(section: Record<string, BotocoreValue> | undefined, label: string): void {
  const keyId = section?.aws_access_key_id;
  assert.equal(typeof keyId, "string", `${label}: no access key`);
  const issued = harness.fake.issued.get(keyId as string);
  assert.ok(issued !== undefined, `${label}: ${String(keyId)} was not issued by the portal`);
  assert.equal(section?.aws_secret_access_key, issued.secretAccessKey, `${label}: secret`);
  assert.equal(section?.aws_session_token, issued.sessionToken, `${label}: session token`);
  assert.equal(section?.aws_security_token, issued.sessionToken, `${label}: security token`);
}

describe("files botocore reads differently from a naive reader", () => {
  it("a CR-only file: a hand-written [dev] is seen and refused, never duplicated", {
    skip,
  }, async () => {
    const original = "# mine\r[dev]\raws_access_key_id = AKIAUSER\raws_secret_access_key = s\r";
    await harness.box.writeCredentials(original);
    await setup();
    const run = await harness.box.run(["--profile", "dev"]);
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /section \[dev\] .* was not written by sso-sync/);
    assert.equal(await harness.box.readCredentials(), original);
  });

  it("a CR-only file: an owned section is updated in place and new lines end in CR", {
    skip,
  }, async () => {
    await harness.box.writeCredentials(
      "[dev]\rsso_sync_profile = dev\raws_access_key_id = OLD\r\r[other]\rk = v\r",
    );
    await setup([DEV, { name: "extra", account: "222222222222", role: "R" }]);
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assert.ok(!text.includes("\n"), "no LF in a CR file");
    assert.equal(text.match(/\[dev\]/g)?.length, 1);
    const sections = await botocoreSections();
    assertIssued(sections.dev, "[dev]");
    assertIssued(sections.extra, "[extra]");
    assert.deepEqual(sections.other, { k: "v" });
  });

  it("--take-over of a section with indented keys: the user's keys stay keys, ours read exactly", {
    skip,
  }, async () => {
    await harness.box.writeCredentials(
      "[dev]\n  aws_access_key_id = AKIAUSER\n  aws_secret_access_key = usersecret\n  region = eu-central-1\n  output = json\n",
    );
    await setup();
    const run = await harness.box.run(["--profile", "dev", "--take-over"]);
    assert.equal(run.code, 0, run.stderr);
    const sections = await botocoreSections();
    assertIssued(sections.dev, "[dev]");
    assert.equal(sections.dev?.region, "eu-central-1");
    assert.equal(sections.dev?.output, "json");
    // The AWS CLI signs with the keys it read; the fake STS checks the signature.
    const emptyConfig = join(harness.box.home, "empty-config");
    await writeFile(emptyConfig, "");
    const { stdout } = await execFileAsync(
      AWS_CLI,
      ["sts", "get-caller-identity", "--profile", "dev", "--region", "eu-west-1"].concat([
        "--endpoint-url",
        harness.fake.url,
        "--output",
        "json",
      ]),
      {
        env: {
          HOME: harness.box.home,
          PATH: "/usr/bin:/bin",
          AWS_SHARED_CREDENTIALS_FILE: harness.box.credentialsFile,
          AWS_CONFIG_FILE: emptyConfig,
          AWS_EC2_METADATA_DISABLED: "true",
        },
        timeout: 60_000,
      },
    );
    assert.equal(JSON.parse(stdout).Account, DEV.account);
  });

  it("an indented line after a blank line does not stay in a rewritten key's value", {
    skip,
  }, async () => {
    await harness.box.writeCredentials(
      "[dev]\nsso_sync_profile = dev\naws_session_token = OLD\n\n    continued\nregion = r\n",
    );
    await setup();
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const sections = await botocoreSections();
    assertIssued(sections.dev, "[dev]");
    assert.equal(sections.dev?.region, "r");
  });
});

describe("section names with surrounding spaces", () => {
  it('[profile " sp "] is synced into [ sp ] once, and the next run finds it fresh', {
    skip,
  }, async () => {
    await setup(
      [],
      `${sessionConfig("acme", [])}\n[profile " sp "]\nsso_session = acme\nsso_account_id = ${DEV.account}\nsso_role_name = R\n`,
    );
    harness.fake.grant("tok-bc", `${DEV.account}/R`);
    const first = await harness.box.run([]);
    assert.equal(first.code, 0, first.stderr);
    const written = await harness.box.readCredentials();
    assert.match(written, /^\[ sp \]$/m);
    assertIssued((await botocoreSections())[" sp "], "[ sp ]");
    const second = await harness.box.run([]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(
      await harness.box.readCredentials(),
      written,
      "fresh: nothing rewritten, nothing added",
    );
  });

  it("a hand-written [ dev ] is another section than [dev] to botocore: [dev] is written beside it", {
    skip,
  }, async () => {
    await harness.box.writeCredentials("[ dev ]\naws_access_key_id = AKIAUSER\n");
    await setup();
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const sections = await botocoreSections();
    assert.deepEqual(sections[" dev "], { aws_access_key_id: "AKIAUSER" });
    assertIssued(sections.dev, "[dev]");
  });

  it("[profile DEFAULT] cannot have a credentials section: that profile fails (exit 4), others sync", {
    skip,
  }, async () => {
    await setup([DEV, { name: "DEFAULT", account: "222222222222", role: "R" }]);
    const run = await harness.box.run([]);
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /DEFAULT.*\[DEFAULT\] cannot be written.*--profile 'DEFAULT:NAME'/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    const sections = await botocoreSections();
    assertIssued(sections.dev, "[dev]");
    assert.equal(sections.DEFAULT, undefined);
    assert.doesNotMatch(await harness.box.readCredentials(), /\[DEFAULT\]/);
  });
});
