import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommandLine } from "../../../src/cli/argv.js";
import type { CommandSpec } from "../../../src/model/command-spec.js";
import { DEFAULTS } from "../../../src/model/defaults.js";
import { durationValue, type Flags } from "../../../src/model/flags.js";
import { ok, type Result } from "../../../src/model/result.js";
import { assertUsage } from "../../support/parsed-cli.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A command declaring the options these tests read, with the program's defaults. */
const SPEC: CommandSpec = {
  name: "test",
  summary: "",
  usage: "",
  options: [
    { flag: "--profile", value: "name", help: "", repeat: true },
    { flag: "--sso-session", value: "name", help: "" },
    { flag: "--timeout", value: "s", help: "", default: DEFAULTS.timeoutSeconds },
    { flag: "--lock-timeout", value: "s", help: "", default: DEFAULTS.lockTimeoutSeconds },
    { flag: "--concurrency", value: "n", help: "", default: DEFAULTS.concurrency },
    { flag: "--min-validity", value: "d", help: "", default: DEFAULTS.minValidity },
    { flag: "--every", value: "d", help: "", default: DEFAULTS.every },
    { flag: "--dry-run", help: "" },
    { flag: "--force", help: "" },
  ],
  read: () => ok(undefined),
  run: async () => ok(0),
};

/** The flags of `sso-sync test ...args`, as the parser gives them to a command's read. */
function flags(args: readonly string[]): Flags {
  const line = parseCommandLine(["test", ...args], [SPEC], "test");
  assert.equal(line.mistake, undefined, line.mistake?.message);
  return line.flags;
}

/** What `read` makes of `sso-sync test ...args`: its value, or the first failure it met. */
function read<T>(args: readonly string[], reading: (flags: Flags) => T): Result<T> {
  const typed = flags(args);
  const value = reading(typed);
  return typed.result(value);
}

function value<T>(result: Result<T>): T {
  assert.ok(result.ok, result.ok ? "" : result.failure.message);
  return result.value;
}

describe("Flags.many", () => {
  it("reads every value as typed, in both spellings and in order", () => {
    const typed = flags(["--profile", "0123", "--force", "--profile=1e3", "--profile", "dev"]);
    assert.deepEqual(typed.many("--profile"), ["0123", "1e3", "dev"]);
    assert.deepEqual(typed.many("--sso-session"), []);
  });

  it("stops at --: what follows belongs to exec's command", () => {
    assert.deepEqual(flags(["--profile", "dev", "--", "--profile", "other"]).many("--profile"), [
      "dev",
    ]);
  });
});

describe("Flags.one", () => {
  it("is the single value, the declared default, or undefined when there is none", () => {
    assert.equal(flags(["--sso-session", "acme"]).one("--sso-session"), "acme");
    assert.equal(flags(["--sso-session="]).one("--sso-session"), "");
    assert.equal(flags([]).one("--sso-session"), undefined);
    assert.equal(flags([]).one("--every"), "30m");
  });
});

describe("Flags.on", () => {
  it("is true only when the flag was given, and not as --x=false", () => {
    const typed = flags(["--dry-run", "--force=false"]);
    assert.equal(typed.on("--dry-run"), true);
    assert.equal(typed.on("--force"), false, "--force=false is off");
    assert.equal(typed.on("--take-over"), false, "absent is off");
  });
});

describe("Flags.number", () => {
  const timeout = (text: string) =>
    read(["--timeout", text], (typed) => typed.number("--timeout", 0.1, 600));

  it("is the declared default when the flag is absent", () => {
    assert.equal(value(read([], (typed) => typed.number("--timeout", 0.1, 600))), 20);
  });

  it("reads decimals and takes both ends of the range", () => {
    assert.equal(value(timeout("2.5")), 2.5);
    assert.equal(value(timeout("0.1")), 0.1);
    assert.equal(value(timeout("600")), 600);
    assert.equal(value(timeout("020")), 20, "leading zeros are decimal, not octal");
    assert.equal(value(read(["--timeout=7"], (typed) => typed.number("--timeout", 0.1, 600))), 7);
  });

  it("refuses values out of range, naming the flag, the range and the value", () => {
    assertUsage(timeout("0.09"), /^--timeout takes a number from 0\.1 to 600, not '0\.09'$/);
    assertUsage(timeout("600.5"), /not '600\.5'/);
    assertUsage(
      read(["--lock-timeout=-1"], (typed) => typed.number("--lock-timeout", 0, 600)),
      /^--lock-timeout takes a number from 0 to 600, not '-1'$/,
    );
  });

  it("refuses empty and non-numeric values instead of reading them as 0 or NaN", () => {
    for (const text of [
      "",
      " ",
      "abc",
      "5s",
      "NaN",
      "Infinity",
      "1,5",
      "0x10",
      "1e1",
      "0b1",
      " 5",
      "5.",
      ".5",
    ])
      assertUsage(timeout(text), new RegExp(`not '${text}'$`), text);
  });
});

describe("Flags.integer", () => {
  const concurrency = (text: string) =>
    read(["--concurrency", text], (typed) => typed.integer("--concurrency", 1, 256));

  it("reads whole numbers within the range, and the default when absent", () => {
    assert.equal(value(concurrency("1")), 1);
    assert.equal(value(concurrency("256")), 256);
    assert.equal(value(read([], (typed) => typed.integer("--concurrency", 1, 256))), 16);
  });

  it("refuses fractions, and reports the range before wholeness", () => {
    assertUsage(concurrency("2.5"), /^--concurrency takes a whole number from 1 to 256$/);
    assertUsage(concurrency("0"), /^--concurrency takes a number from 1 to 256, not '0'$/);
    assertUsage(concurrency("257"), /not '257'$/);
    assertUsage(concurrency(""), /not ''$/);
  });
});

describe("Flags.duration and durationValue", () => {
  const minValidity = (text: string) =>
    read([`--min-validity=${text}`], (typed) => typed.duration("--min-validity"));

  it("reads units, combinations and bare minutes", () => {
    assert.equal(value(minValidity("90s")), 90_000);
    assert.equal(value(minValidity("1h30m")), 90 * MINUTE);
    assert.equal(value(minValidity("45")), 45 * MINUTE);
    assert.equal(value(minValidity("0")), 0);
  });

  it("is the declared default's duration when the flag is absent", () => {
    assert.equal(value(read([], (typed) => typed.duration("--min-validity"))), 15 * MINUTE);
    assert.equal(value(read([], (typed) => typed.duration("--every"))), 30 * MINUTE);
  });

  it("takes up to 7 days, not a second more", () => {
    assert.equal(value(minValidity("7d")), 7 * DAY);
    assert.equal(durationValue("168h"), 7 * DAY);
    assertUsage(minValidity("7d1s"), /not '7d1s'$/);
    assert.equal(durationValue("8d"), undefined);
    assertUsage(
      read(["--every", "8d"], (typed) => typed.duration("--every")),
      /^--every takes a duration/,
    );
  });

  it("refuses what is not a duration, naming the flag and the value", () => {
    for (const text of ["", "soon", "-5m", "1w", "5 m"])
      assertUsage(
        minValidity(text),
        new RegExp(`^--min-validity takes a duration such as 30m, 2h or 1h30m, not '${text}'$`),
        text,
      );
  });
});

describe("Flags.fail and result", () => {
  it("keeps the first failure: what a read met first is what the user is told", () => {
    const result = read(["--timeout", "0", "--concurrency", "0"], (typed) => [
      typed.number("--timeout", 0.1, 600),
      typed.integer("--concurrency", 1, 256),
      typed.fail("a later mistake", 0),
    ]);
    assertUsage(result, /^--timeout takes a number/);
  });
});

describe("Flags.positional and afterDoubleDash", () => {
  it("gives positionals as typed, and undefined past the last", () => {
    const line = parseCommandLine(
      ["timer", "install", "007"],
      [{ ...SPEC, name: "timer", positional: { name: "a", required: true, variadic: true } }],
      "test",
    );
    assert.equal(line.flags.positional(0), "install");
    assert.equal(line.flags.positional(1), "007");
    assert.equal(line.flags.positional(2), undefined);
  });

  it("gives the words after -- exactly as typed, or none", () => {
    const words = ["terraform", "plan", "-out=010", "--profile", "x"];
    assert.deepEqual(flags(["--", ...words]).afterDoubleDash(), words);
    assert.deepEqual(flags(["--"]).afterDoubleDash(), []);
    assert.deepEqual(flags([]).afterDoubleDash(), []);
  });
});
