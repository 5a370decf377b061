import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const ESC = "\u001b";

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

describe("one convention across commands", () => {
  it("--json with a bad flag prints the usage error as JSON on stdout", async () => {
    for (const args of [
      ["--json", "--frobnicate"],
      ["status", "--json", "--min-validity", "soon"],
      ["clean", "--json", "--profile"],
    ]) {
      const run = await harness.box.run(args);
      assert.equal(run.code, 2, args.join(" "));
      const body = JSON.parse(run.stdout) as { exitCode: number; error: { kind: string } };
      assert.equal(body.exitCode, 2);
      assert.equal(body.error.kind, "usage");
      assert.match(run.stderr, /^sso-sync: /);
    }
  });

  it("clean --json says what it removed and left alone; -q prints nothing when all is well", async () => {
    await loggedIn();
    assert.equal((await harness.box.run(["--quiet"])).code, 0);
    await harness.box.writeCredentials(
      `${await harness.box.readCredentials()}\n[mine]\naws_access_key_id = AKIAMINE\n`,
    );
    const dry = await harness.box.run(["clean", "--json", "--dry-run", "--profile", "*"]);
    assert.equal(dry.code, 4, dry.stderr);
    const body = JSON.parse(dry.stdout) as Record<string, unknown>;
    assert.deepEqual(
      { ...body, credentialsFile: "" },
      {
        version: 1,
        exitCode: 4,
        credentialsFile: "",
        dryRun: true,
        removed: ["dev"],
        notOwned: ["mine"],
        unmatched: [],
        kept: [],
        backups: [],
        error: null,
      },
    );
    const quiet = await harness.box.run(["clean", "-q", "--profile", "dev"]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, "");
    assert.equal(quiet.stdout, "");
    assert.doesNotMatch(await harness.box.readCredentials(), /\[dev\]/);
  });

  it("accounts --json reports a failure as JSON too", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const run = await harness.box.run(["accounts", "--json"]);
    assert.equal(run.code, 3, run.stderr);
    const body = JSON.parse(run.stdout) as { exitCode: number; error: string; assignments: [] };
    assert.equal(body.exitCode, 3);
    assert.match(body.error, /login needed for session acme/);
    assert.deepEqual(body.assignments, []);
  });

  it("status and populate --json report a failed run in their own documents, said once", async () => {
    const status = await harness.box.run(["status", "--json"]);
    assert.equal(status.code, 2, status.stderr);
    const body = JSON.parse(status.stdout) as Record<string, unknown>;
    // Stringified: the fields in their order, as scripts have read them.
    assert.equal(
      JSON.stringify({ ...body, credentialsFile: "", error: "" }),
      '{"version":1,"exitCode":2,"credentialsFile":"","loginNeeded":false,"error":"","profiles":[]}',
    );
    const error = body.error as { kind: string; message: string };
    assert.deepEqual(Object.keys(error), ["kind", "message"]);
    assert.equal(error.kind, "config");
    assert.match(status.stderr, /^sso-sync: no AWS config file at [^\n]*\n$/);
    assert.equal(status.stderr, `sso-sync: ${error.message}\n`);
    const sync = JSON.parse((await harness.box.run(["--json"])).stdout) as { error: object };
    assert.deepEqual(Object.keys(sync.error), ["kind", "message"], "sync's error as before");

    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const populate = await harness.box.run(["populate", "--sso-session", "acme", "--json"]);
    assert.equal(populate.code, 3, populate.stderr);
    const listed = JSON.parse(populate.stdout) as Record<string, unknown>;
    assert.equal(
      JSON.stringify({ ...listed, error: "" }),
      '{"version":1,"exitCode":3,"configFile":null,"session":"acme","dryRun":false,"changes":[],"error":""}',
    );
    assert.match(String(listed.error), /^login needed for session acme: /);
    assert.equal(populate.stderr, `sso-sync: ${String(listed.error)}\n`);
  });

  it("doctor colours its findings on request, and never in a plain pipe", async () => {
    await loggedIn();
    const coloured = await harness.box.run(["doctor"], { FORCE_COLOR: "1", AWS_PROFILE: "nope" });
    assert.equal(coloured.code, 6);
    assert.ok(
      coloured.stdout.includes(`${ESC}[31m✖ error${ESC}[0m [unknown-profile]`),
      coloured.stdout,
    );
    const plain = await harness.box.run(["doctor"], { AWS_PROFILE: "nope" });
    assert.ok(plain.stdout.includes("✖ error [unknown-profile]"));
    assert.ok(!plain.stdout.includes(ESC));
  });

  it("FORCE_COLOR colours clean's report even in a pipe (over NO_COLOR, as node does)", async () => {
    await loggedIn();
    assert.equal((await harness.box.run(["--quiet"])).code, 0);
    const coloured = await harness.box.run(["clean", "--dry-run"], { FORCE_COLOR: "1" });
    assert.ok(coloured.stderr.includes(`${ESC}[32m✔${ESC}[0m would remove [dev]`), coloured.stderr);
    for (const env of [{}, { FORCE_COLOR: "0" }]) {
      const plain = await harness.box.run(["clean", "--dry-run"], env);
      assert.match(plain.stderr, /would remove \[dev\]/);
      assert.ok(!plain.stderr.includes(ESC), plain.stderr);
    }
  });
});
