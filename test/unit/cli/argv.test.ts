import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertMistake, parseCli } from "../../support/parsed-cli.js";

// The program's one parser (node's util.parseArgs, read against the specs). These are the
// command lines cac 7 changed or misnamed; see docs/development.md "Why not cac".
describe("the command line parser", () => {
  it("keeps values exactly as typed, in both spellings, up to --", () => {
    const { flags } = parseCli([
      "--profile",
      "0123",
      "--quiet",
      "--profile=1e3:x",
      "--profile",
      "a b",
      "--",
      "--profile",
      "after",
    ]);
    assert.deepEqual(flags.many("--profile"), ["0123", "1e3:x", "a b"]);
    assert.deepEqual(flags.afterDoubleDash(), ["--profile", "after"]);
  });

  it("keeps 0123 as the text 0123 (cac made it 123)", () => {
    assert.deepEqual(parseCli(["status", "--profile", "0123"]).flags.many("--profile"), ["0123"]);
    assert.equal(parseCli(["timer", "0123"]).flags.positional(0), "0123");
  });

  it("hands --timeout 1e1 to the command as typed, which refuses it (cac made it 10)", () => {
    assert.equal(parseCli(["--timeout", "1e1"]).flags.one("--timeout"), "1e1");
  });

  it("takes --profile=--x as the value --x, and an empty value and '-' as values", () => {
    assert.deepEqual(parseCli(["--profile=--x"]).flags.many("--profile"), ["--x"]);
    assert.deepEqual(
      parseCli(["--profile", "", "--profile=", "--profile", "-"]).flags.many("--profile"),
      ["", "", "-"],
    );
  });

  it("refuses an option with no value: at the end, or followed by another option or -5", () => {
    for (const args of [
      ["--profile"],
      ["--profile", "--dry-run"],
      ["--profile", "-q"],
      ["--dry-run", "--profile"],
    ])
      assertMistake(args, /^--profile needs a value$/);
    assertMistake(["--lock-timeout", "-5"], /^--lock-timeout needs a value$/);
    assert.equal(parseCli(["--lock-timeout=-5"]).flags.one("--lock-timeout"), "-5");
  });

  it("names an unknown option as typed, not camel-cased (cac said --inPlace)", () => {
    // (--in-place, the example here before, is an option now.)
    assertMistake(["--read-only"], /^unknown option --read-only$/);
    assertMistake(["clean", "--read-only"], /^unknown option --read-only$/);
    assertMistake(["-5"], /^unknown option -5$/);
    assertMistake(["--profiles", "x"], /^unknown option --profiles$/);
  });

  it("refuses a single-value option given twice, in either spelling", () => {
    assertMistake(
      ["accounts", "--sso-session", "a", "--sso-session", "b"],
      /^give --sso-session once$/,
    );
    assertMistake(
      ["accounts", "--sso-session=a", "--sso-session", "a"],
      /^give --sso-session once$/,
    );
    assertMistake(["--timeout", "1", "--timeout", "1"], /^give --timeout once$/);
    assertMistake(["--min-validity", "1h", "--min-validity=2h"], /^give --min-validity once$/);
  });

  it("reads short flags and groups of them", () => {
    const { line, flags } = parseCli(["-qh"]);
    assert.equal(flags.on("--quiet"), true);
    assert.equal(line.help, true);
  });

  it("takes --browser as turning --no-browser off again, as cac did", () => {
    assert.equal(parseCli(["login", "--no-browser"]).flags.on("--no-browser"), true);
    const { line, flags } = parseCli(["login", "--no-browser", "--browser"]);
    assert.equal(line.mistake, undefined);
    assert.equal(flags.on("--no-browser"), false);
  });

  it("sees --json before -- only, even after an unknown option", () => {
    assert.equal(parseCli(["--json", "--frobnicate"]).line.json, true);
    assert.equal(parseCli(["exec", "--profile", "p", "--", "x", "--json"]).line.json, false);
  });

  it("says which command a stray word was meant to be", () => {
    assert.deepEqual(parseCli(["synk"]).line.mistake, {
      message: "unknown command 'synk'",
      unknownCommand: "synk",
    });
    assertMistake(["sync", "extra"], /^unexpected argument 'extra'$/);
    assertMistake(["timer"], /^timer needs more arguments$/);
  });
});
