import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commandHelp, globalHelp } from "../../../src/cli/help.js";
import { DEFAULT_COMMAND, PROGRAM } from "../../../src/cli/program.js";
import { fixture } from "../../support/fixtures.js";
import { runCli } from "../../support/parsed-cli.js";

// The help is generated from the specs alone: each visible command's equals its reviewed text
// in fixtures/help/ (test/e2e/help.test.ts checks the same through the built CLI).
describe("help from the specs", () => {
  it("the program's help lists every visible command, as reviewed", () => {
    assert.equal(globalHelp(PROGRAM, DEFAULT_COMMAND, "VERSION"), fixture("help/sso-sync.txt"));
  });

  for (const spec of PROGRAM.filter((each) => each.hidden !== true && each.name !== "help")) {
    it(`${spec.name}'s help equals fixtures/help/${spec.name}.txt`, () => {
      assert.equal(commandHelp(spec, "VERSION"), fixture(`help/${spec.name}.txt`));
    });
  }

  it("shows a declared default once, and none for an option without one", () => {
    const sync = PROGRAM.find((spec) => spec.name === "sync");
    assert.ok(sync !== undefined);
    const text = commandHelp(sync, "VERSION");
    assert.match(text, /^ {2}--timeout <seconds> .* \(default: 20\)$/m);
    assert.match(text, /^ {2}--force {2,}Fetch new credentials even when the section is fresh$/m);
  });

  it("answers help --help and help sync --help as cac did: the program's, then sync's", async () => {
    const program = await runCli(["help", "--help"]);
    assert.equal(
      program.printed.out.join("").replace(/^sso-sync \S+/, "sso-sync VERSION"),
      fixture("help/sso-sync.txt"),
    );
    const sync = await runCli(["help", "sync", "--help"]);
    assert.match(sync.printed.out.join(""), /^sso-sync \S+: sync\n/);
  });
});
