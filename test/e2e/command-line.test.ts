import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };

async function loggedIn(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", tokenBody("tok-cli", inMinutes(120)));
  harness.fake.grant("tok-cli", "111111111111/Admin");
}

describe("flags that need a value", () => {
  const cases: ReadonlyArray<readonly string[]> = [
    ["--profile"],
    ["sync", "--profile"],
    ["status", "--profile"],
    ["clean", "--dry-run", "--profile"],
    ["clean", "--profile", "--dry-run"],
    ["env", "--profile"],
    ["accounts", "--sso-session"],
    ["--min-validity"],
    ["--lock-timeout", "--force"],
  ];
  for (const args of cases) {
    it(`sso-sync ${args.join(" ")}: exit 2, names the flag, changes nothing`, async () => {
      await loggedIn();
      await harness.box.writeCredentials("[mine]\naws_access_key_id = AKIAMINE\n");
      const run = await harness.box.run(args);
      const flag = args.find(
        (arg, index) =>
          arg.startsWith("--") &&
          index === args.lastIndexOf(arg) &&
          ["--profile", "--sso-session", "--min-validity", "--lock-timeout"].includes(arg),
      );
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`^sso-sync: ${flag} needs a value`, "m"));
      assert.equal(harness.fake.counters.portalRequests, 0, "no portal call");
      assert.equal(await harness.box.readCredentials(), "[mine]\naws_access_key_id = AKIAMINE\n");
    });
  }

  for (const flag of ["--min-validity", "--lock-timeout", "--timeout", "--concurrency"]) {
    it(`${flag} "" is a usage error, not zero`, async () => {
      await loggedIn();
      const run = await harness.box.run([flag, ""]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`${flag} takes a`));
      assert.equal(await harness.box.readCredentials().catch(() => ""), "");
    });
  }
});

describe("exec's child environment", () => {
  it("holds none of sso-sync's own settings", async () => {
    await loggedIn();
    const run = await harness.box.run(["exec", "--profile", "dev", "--", "env"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^AWS_ACCESS_KEY_ID=ASIA/m, "the child did run with credentials");
    assert.doesNotMatch(run.stdout, /AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED/);
  });
});

describe("env --format for bash and zsh", () => {
  it("prints the same POSIX exports as sh, which bash evaluates", async () => {
    await loggedIn();
    const sh = await harness.box.run(["env", "--profile", "dev", "--format", "sh"]);
    for (const format of ["bash", "zsh"]) {
      const run = await harness.box.run(["env", "--profile", "dev", "--format", format]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, sh.stdout);
    }
    assert.match(sh.stdout, /^export AWS_ACCESS_KEY_ID='ASIA/m);
  });
  it("still refuses a format it does not know", async () => {
    await loggedIn();
    const run = await harness.box.run(["env", "--profile", "dev", "--format", "tcsh"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--format takes sh, fish, powershell, cmd, dotenv, json, not 'tcsh'/);
  });
});
