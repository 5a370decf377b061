import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import {
  AWS_CLI,
  callerIdentityArgs,
  DEBIAN_PYTHON,
  interopSkip,
  missingConsumer,
} from "../support/consumers.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { inMinutes, makeSandbox, type Sandbox, sectionOf } from "../support/sandbox.js";

const run = promisify(execFile);
const missing = missingConsumer();
const skip = interopSkip();

let fake: FakeAws;
let box: Sandbox;

before(async () => {
  if (skip) return;
  assert.equal(
    missing,
    undefined,
    "SSO_SYNC_REQUIRE_INTEROP=1 but a consumer is missing: apt-get install awscli python3-boto",
  );
  fake = await startFakeAws();
  box = await makeSandbox(fake.url);
  await box.writeConfig(
    sessionConfig("acme", [{ name: "dev", account: "123456789012", role: "Developer" }]),
  );
  await box.writeToken("acme", tokenBody("tok-interop", inMinutes(60)));
  fake.grant("tok-interop", "123456789012/Developer");
  // A stale aws_security_token in the section must not survive: botocore would read it first.
  await box.writeCredentials("[dev-static]\nsso_sync_profile = dev\naws_security_token = STALE\n");
  const sync = await box.run(["--profile", "dev:dev-static"]);
  assert.equal(sync.code, 0, sync.stderr);
});
after(async () => {
  await box?.cleanup();
  await fake?.close();
});

function consumerEnv(credentialsFile = box.credentialsFile): NodeJS.ProcessEnv {
  return {
    HOME: box.home,
    PATH: "/usr/bin:/bin",
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_CONFIG_FILE: box.configFile,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
}

async function callerIdentity(profile: string, env: NodeJS.ProcessEnv) {
  return run(AWS_CLI, callerIdentityArgs(profile, fake.url), { env, timeout: 60_000 });
}

describe("interop with real consumers", () => {
  it("the AWS CLI v2 signs sts get-caller-identity with the synced keys, and the fake STS verifies it", {
    skip,
  }, async () => {
    const calls = fake.counters.stsCalls;
    const rejected = fake.counters.stsRejected;
    const { stdout } = await callerIdentity("dev-static", consumerEnv());
    const identity = JSON.parse(stdout);
    assert.equal(identity.Account, "123456789012");
    assert.equal(identity.Arn, "arn:aws:sts::123456789012:assumed-role/Developer/sso-sync");
    assert.equal(fake.counters.stsCalls, calls + 1);
    assert.equal(fake.counters.stsRejected, rejected);
  });

  it("the fake STS rejects a signature made with the wrong secret (the check can fail)", {
    skip,
  }, async () => {
    const text = await box.readCredentials();
    const secret = sectionOf(text, "dev-static")?.aws_secret_access_key ?? "";
    const tampered = `${box.credentialsFile}.tampered`;
    // Another first character, always: a secret that starts with "x" stayed the same (CI saw it).
    const other = secret.startsWith("x") ? "y" : "x";
    assert.notEqual(`${other}${secret.slice(1)}`, secret);
    await writeFile(tampered, text.replace(secret, `${other}${secret.slice(1)}`));
    const rejected = fake.counters.stsRejected;
    await assert.rejects(
      callerIdentity("dev-static", consumerEnv(tampered)),
      /SignatureDoesNotMatch/,
    );
    assert.equal(fake.counters.stsRejected, rejected + 1);
  });

  it("boto2 reads the same profile, session token included", { skip }, async () => {
    const script = [
      "import boto.provider",
      "p = boto.provider.Provider('aws', profile_name='dev-static')",
      "print(p.access_key); print(p.secret_key); print(p.security_token)",
    ].join("\n");
    const { stdout } = await run(DEBIAN_PYTHON, ["-c", script], {
      env: { HOME: box.home, PATH: "/usr/bin:/bin" },
      timeout: 60_000,
    });
    const [accessKey, secretKey, securityToken] = stdout.trim().split("\n");
    const section = sectionOf(await readFile(box.credentialsFile, "utf8"), "dev-static");
    const issued = fake.issued.get(accessKey ?? "");
    assert.ok(issued, "boto2 read an access key the fake portal did not issue");
    assert.equal(section?.aws_access_key_id, accessKey);
    assert.equal(secretKey, issued.secretAccessKey);
    assert.equal(securityToken, issued.sessionToken);
  });
});
