import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sessionConfig } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sha1 } from "../support/sandbox.js";
import { noScript, runOnTerminal } from "../support/terminal.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };

/** A stand-in `aws` that records its arguments and logs in by writing the token cache. */
async function fakeAwsCli(version = "aws-cli/2.15.0"): Promise<{ bin: string; calls: string }> {
  const bin = join(harness.box.home, "bin");
  const calls = join(harness.box.home, "aws-calls");
  await mkdir(bin);
  const token = JSON.stringify({
    startUrl: "https://acme.awsapps.com/start#/",
    region: "eu-west-1",
    accessToken: "tok-after-login",
    expiresAt: inMinutes(480),
  });
  const cache = join(harness.box.cacheDir, `${sha1("acme")}.json`);
  await writeFile(
    join(bin, "aws"),
    `#!/bin/sh\n[ "$1" = --version ] && { echo '${version} Python/3.11.2 Linux/6 source/x86_64'; exit 0; }\necho "$@" >> '${calls}'\nprintf '%s' '${token}' > '${cache}'\n`,
  );
  await chmod(join(bin, "aws"), 0o755);
  return { bin, calls };
}

describe("--login", () => {
  it("runs aws sso login once for the session at a terminal, then syncs", {
    skip: noScript,
  }, async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV, { ...DEV, name: "dev2" }]));
    harness.fake.grant("tok-after-login", "111111111111/Admin");
    const { bin, calls } = await fakeAwsCli();
    const run = await runOnTerminal("--login", {
      HOME: harness.box.home,
      PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      AWS_ENDPOINT_URL_SSO: harness.fake.url,
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(await readFile(calls, "utf8"), "sso login --sso-session acme\n");
    assert.match(run.output, /running aws sso login --sso-session acme/);
    assert.match(run.output, /2 synced/);
  });

  it("says AWS CLI v2 is needed when the aws on PATH is v1, and does not run it", {
    skip: noScript,
  }, async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const { bin, calls } = await fakeAwsCli("aws-cli/1.32.0");
    const run = await runOnTerminal("--login", {
      HOME: harness.box.home,
      PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      AWS_ENDPOINT_URL_SSO: harness.fake.url,
    });
    assert.equal(run.code, 3, run.output);
    assert.match(
      run.output,
      /--login needs AWS CLI v2 \(aws sso login\); the aws on PATH is aws-cli\/1\.32\.0/,
    );
    assert.equal(existsSync(calls), false, "aws sso login was not run");
  });

  it("never logs in without a terminal: exit 3 and the command to run", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const { bin, calls } = await fakeAwsCli();
    const run = await harness.box.run(["--login"], { PATH: `${bin}:${process.env.PATH ?? ""}` });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /--login needs an interactive terminal; not logging in/);
    assert.match(run.stderr, /run: aws sso login --sso-session acme/);
    assert.equal(existsSync(calls), false, "aws was not run");
  });
});
