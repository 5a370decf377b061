import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fixture } from "../support/fixtures.js";
import { runCli } from "../support/sandbox.js";

// Golden help texts: reviewed by a person in fixtures/help/, so help cannot drift unnoticed.
// After a deliberate change: UPDATE_GOLDEN=1 npm test, then review the diff of fixtures/help/.
const COMMANDS = [
  "sync",
  "clean",
  "status",
  "doctor",
  "env",
  "exec",
  "process",
  "server",
  "accounts",
  "populate",
  "timer",
  "completion",
  "login",
  "logout",
] as const;
const VERSION = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

function golden(name: string, text: string): string {
  const normal = text.replaceAll(`sso-sync ${VERSION}`, "sso-sync VERSION");
  if (process.env.UPDATE_GOLDEN === "1") {
    const path = fileURLToPath(new URL(`../../../fixtures/help/${name}.txt`, import.meta.url));
    writeFileSync(path, normal);
  }
  return normal;
}

describe("help", () => {
  it("sso-sync --help matches the reviewed text and lists every command", async () => {
    const run = await runCli(["--help"], { HOME: "/nonexistent" });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, "");
    assert.equal(golden("sso-sync", run.stdout), fixture("help/sso-sync.txt"));
    for (const name of COMMANDS) assert.match(run.stdout, new RegExp(`^  ${name} `, "m"));
  });

  for (const name of COMMANDS) {
    it(`sso-sync ${name} --help matches the reviewed text, as does sso-sync help ${name}`, async () => {
      const flag = await runCli([name, "--help"], { HOME: "/nonexistent" });
      const word = await runCli(["help", name], { HOME: "/nonexistent" });
      assert.equal(flag.code, 0, flag.stderr);
      assert.equal(golden(name, flag.stdout), fixture(`help/${name}.txt`));
      assert.equal(word.stdout, flag.stdout);
      assert.match(flag.stdout, new RegExp(`^  \\$ sso-sync (\\[${name}\\]|${name})`, "m"));
    });
  }

  it("help for an unknown command is a usage error with a suggestion", async () => {
    const run = await runCli(["help", "stauts"], { HOME: "/nonexistent" });
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      "sso-sync: unknown command 'stauts'; did you mean 'status'? (see sso-sync --help)\n",
    );
  });

  it("-v, -V and --version print the package version", async () => {
    for (const flag of ["-v", "-V", "--version"]) {
      const run = await runCli([flag], { HOME: "/nonexistent" });
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `sso-sync ${VERSION}\n`);
    }
  });
});

describe("usage errors", () => {
  const cases: ReadonlyArray<readonly [readonly string[], string]> = [
    [["synk"], "unknown command 'synk'; did you mean 'sync'? (see sso-sync --help)"],
    [["frobnicate"], "unknown command 'frobnicate' (see sso-sync --help)"],
    [["--frobnicate"], "unknown option --frobnicate (see sso-sync --help)"],
    [["env", "--frob"], "unknown option --frob (see sso-sync env --help)"],
    // Named as typed: cac said --takeOver.
    [["clean", "--take-over"], "unknown option --take-over (see sso-sync clean --help)"],
    [
      ["--timeout", "1e1"],
      "--timeout takes a number from 0.1 to 600, not '1e1' (see sso-sync --help)",
    ],
    [["sync", "extra"], "unexpected argument 'extra' (see sso-sync sync --help)"],
    [["timer"], "timer needs more arguments (see sso-sync timer --help)"],
    [
      ["exec", "--profile", "dev"],
      "give the command after --: sso-sync exec --profile P -- COMMAND (see sso-sync exec --help)",
    ],
  ];
  for (const [args, message] of cases) {
    it(`sso-sync ${args.join(" ")}`, async () => {
      const run = await runCli(args, { HOME: "/nonexistent" });
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assert.equal(run.stderr, `sso-sync: ${message}\n`);
    });
  }
});
