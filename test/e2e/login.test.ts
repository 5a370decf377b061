import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sessionConfig } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { noScript, runOnTerminal } from "../support/terminal.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const BROWSER_SCRIPT = fileURLToPath(new URL("../support/test-browser.js", import.meta.url));

/** A stand-in AWS CLI v1 first on PATH, which records any call: --login must not need it. */
async function awsCliV1(): Promise<{ bin: string; calls: string }> {
  const bin = join(harness.box.home, "bin");
  const calls = join(harness.box.home, "aws-calls");
  await mkdir(bin);
  await writeFile(
    join(bin, "aws"),
    `#!/bin/sh\necho "$@" >> '${calls}'\necho 'aws-cli/1.32.0 Python/3.11.2 Linux/6 botocore/1.34.0'\n`,
  );
  await chmod(join(bin, "aws"), 0o755);
  return { bin, calls };
}

/** The environment of a person at a terminal whose browser is the stand-in one. */
async function personAtTerminal(): Promise<{ env: Record<string, string>; calls: string }> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV, { ...DEV, name: "dev2" }]));
  harness.fake.login.device.assignments = ["111111111111/Admin"];
  const { bin, calls } = await awsCliV1();
  const env = {
    HOME: harness.box.home,
    PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    AWS_ENDPOINT_URL_SSO: harness.fake.url,
    AWS_ENDPOINT_URL_SSO_OIDC: harness.fake.url,
    BROWSER: `${process.execPath} ${BROWSER_SCRIPT}`,
    TEST_BROWSER_LOG: join(harness.box.home, "browser.log"),
  };
  return { env, calls };
}

async function browserOpenings(): Promise<number> {
  const text = await readFile(join(harness.box.home, "browser.log"), "utf8").catch(() => "");
  return text.split("\n").filter((line) => line !== "").length;
}

describe("--login", () => {
  it("logs in natively once for the session at a terminal (no AWS CLI), then syncs", {
    skip: noScript,
  }, async () => {
    const { env, calls } = await personAtTerminal();
    const run = await runOnTerminal("--login", env);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /logging in: sso-sync login --sso-session acme/);
    assert.match(run.output, /2 synced/);
    assert.equal(await browserOpenings(), 1);
    assert.equal(harness.fake.login.counters.codeTokens, 1);
    assert.equal(existsSync(calls), false, "the AWS CLI v1 on PATH was not run");
  });

  it("env, exec and process --login log in first at a terminal", { skip: noScript }, async () => {
    const { env } = await personAtTerminal();
    const run = await runOnTerminal(
      "exec --profile dev --login -- sh -c 'echo key=$AWS_ACCESS_KEY_ID'",
      env,
    );
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /logging in: sso-sync login --sso-session acme/);
    assert.match(run.output, /key=ASIA\w+/);
    for (const command of ["env --profile dev2 --login", "process --profile dev --login"]) {
      const served = await runOnTerminal(command, env);
      assert.equal(served.code, 0, served.output);
    }
    assert.equal(await browserOpenings(), 1, "one sign-in served all three");
  });

  it("never logs in without a terminal: exit 3 and the commands to run", async () => {
    const { env, calls } = await personAtTerminal();
    for (const args of [["--login"], ["process", "--profile", "dev", "--login"]]) {
      const run = await harness.box.run(args, env);
      assert.equal(run.code, 3);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, /--login needs an interactive terminal; not logging in/);
      assert.match(
        run.stderr,
        /run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
      );
    }
    assert.equal(existsSync(calls), false, "aws was not run");
    assert.equal(await browserOpenings(), 0);
  });
});
