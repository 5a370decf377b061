import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULTS, durationValue, Flags } from "../../../src/cli/flags.js";
import { usageError } from "../../support/parsed-cli.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Flags for `sso-sync ...args`, with cac's parsed options and positionals as given. */
function flags(
  args: readonly string[],
  parsed: Record<string, unknown> = {},
  positionals: readonly unknown[] = [],
): Flags {
  return new Flags(
    ["/usr/bin/node", "/opt/sso-sync/dist/src/cli.js", ...args],
    parsed,
    positionals,
  );
}

describe("Flags.many", () => {
  it("reads every value as typed, in both spellings and in order, not the node binary or script", () => {
    const read = flags(["--profile", "0123", "--force", "--profile=1e3", "--profile", "dev"]);
    assert.deepEqual(read.many("--profile"), ["0123", "1e3", "dev"]);
    assert.deepEqual(read.many("--sso-session"), []);
  });

  it("stops at --: what follows belongs to exec's command", () => {
    assert.deepEqual(flags(["--profile", "dev", "--", "--profile", "other"]).many("--profile"), [
      "dev",
    ]);
  });

  it("refuses a flag followed by nothing or by another flag", () => {
    assert.throws(
      () => flags(["--profile"]).many("--profile"),
      usageError(/^--profile needs a value$/),
    );
    assert.throws(
      () => flags(["--profile", "--dry-run"]).many("--profile"),
      usageError(/^--profile needs a value$/),
    );
  });
});

describe("Flags.one", () => {
  it("is the single value, or undefined when the flag is absent", () => {
    assert.equal(flags(["--sso-session", "acme"]).one("--sso-session"), "acme");
    assert.equal(flags(["--sso-session="]).one("--sso-session"), "");
    assert.equal(flags([]).one("--sso-session"), undefined);
  });

  it("refuses a flag given twice, in either spelling", () => {
    for (const args of [
      ["--sso-session", "a", "--sso-session", "b"],
      ["--sso-session=a", "--sso-session", "a"],
    ])
      assert.throws(
        () => flags(args).one("--sso-session"),
        usageError(/^give --sso-session once$/),
      );
  });
});

describe("Flags.on", () => {
  it("is true only when cac parsed the flag as true (its camelCase name)", () => {
    const read = flags(["--dry-run", "--force=false"], { dryRun: true, force: false });
    assert.equal(read.on("dryRun"), true);
    assert.equal(read.on("force"), false, "--force=false is off");
    assert.equal(read.on("takeOver"), false, "absent is off");
    assert.equal(read.on("dry-run"), false, "cac's names are camelCase");
  });
});

describe("Flags.number", () => {
  const timeout = (value: string) => flags(["--timeout", value]).number("--timeout", 20, 0.1, 600);

  it("is the fallback when the flag is absent", () => {
    assert.equal(flags([]).number("--timeout", 20, 0.1, 600), 20);
  });

  it("reads decimals and takes both ends of the range", () => {
    assert.equal(timeout("2.5"), 2.5);
    assert.equal(timeout("0.1"), 0.1);
    assert.equal(timeout("600"), 600);
    assert.equal(timeout("020"), 20, "leading zeros are decimal, not octal");
    assert.equal(flags(["--timeout=7"]).number("--timeout", 20, 0.1, 600), 7);
  });

  it("refuses values out of range, naming the flag, the range and the value", () => {
    assert.throws(
      () => timeout("0.09"),
      usageError(/^--timeout takes a number from 0\.1 to 600, not '0\.09'$/),
    );
    assert.throws(() => timeout("600.5"), usageError(/not '600\.5'/));
    assert.throws(
      () => flags(["--lock-timeout=-1"]).number("--lock-timeout", 20, 0, 600),
      usageError(/^--lock-timeout takes a number from 0 to 600, not '-1'$/),
    );
  });

  it("refuses empty and non-numeric values instead of reading them as 0 or NaN", () => {
    for (const value of [
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
      assert.throws(() => timeout(value), usageError(new RegExp(`not '${value}'$`)), value);
  });

  it("refuses a flag given twice", () => {
    assert.throws(
      () => flags(["--timeout", "1", "--timeout", "1"]).number("--timeout", 20, 0.1, 600),
      usageError(/^give --timeout once$/),
    );
  });
});

describe("Flags.integer", () => {
  const concurrency = (value: string) =>
    flags(["--concurrency", value]).integer("--concurrency", 16, 1, 256);

  it("reads whole numbers within the range, and the fallback when absent", () => {
    assert.equal(concurrency("1"), 1);
    assert.equal(concurrency("256"), 256);
    assert.equal(flags([]).integer("--concurrency", 16, 1, 256), 16);
  });

  it("refuses fractions, and reports the range before wholeness", () => {
    assert.throws(
      () => concurrency("2.5"),
      usageError(/^--concurrency takes a whole number from 1 to 256$/),
    );
    assert.throws(
      () => concurrency("0"),
      usageError(/^--concurrency takes a number from 1 to 256, not '0'$/),
    );
    assert.throws(() => concurrency("257"), usageError(/not '257'$/));
    assert.throws(() => concurrency(""), usageError(/not ''$/));
  });
});

describe("Flags.duration and durationValue", () => {
  const minValidity = (value: string) =>
    flags([`--min-validity=${value}`]).duration("--min-validity", DEFAULTS.minValidity);

  it("reads units, combinations and bare minutes", () => {
    assert.equal(minValidity("90s"), 90_000);
    assert.equal(minValidity("1h30m"), 90 * MINUTE);
    assert.equal(minValidity("45"), 45 * MINUTE);
    assert.equal(minValidity("0"), 0);
  });

  it("is the fallback text's duration when the flag is absent", () => {
    assert.equal(flags([]).duration("--min-validity", DEFAULTS.minValidity), 15 * MINUTE);
    assert.equal(flags([]).duration("--every", DEFAULTS.every), 30 * MINUTE);
  });

  it("takes up to 7 days, not a second more", () => {
    assert.equal(minValidity("7d"), 7 * DAY);
    assert.equal(durationValue("--every", "168h"), 7 * DAY);
    assert.throws(() => minValidity("7d1s"), usageError(/not '7d1s'$/));
    assert.throws(() => durationValue("--every", "8d"), usageError(/^--every takes a duration/));
  });

  it("refuses what is not a duration, naming the flag and the value", () => {
    for (const value of ["", "soon", "-5m", "1w", "5 m"])
      assert.throws(
        () => minValidity(value),
        usageError(
          new RegExp(`^--min-validity takes a duration such as 30m, 2h or 1h30m, not '${value}'$`),
        ),
        value,
      );
  });

  it("refuses a duration given twice", () => {
    assert.throws(
      () => flags(["--min-validity", "1h", "--min-validity=2h"]).duration("--min-validity", "15m"),
      usageError(/^give --min-validity once$/),
    );
  });
});

describe("Flags.positional and afterDoubleDash", () => {
  it("gives positionals as text, and undefined past the last", () => {
    const read = flags(["timer", "install"], {}, ["install", 7]);
    assert.equal(read.positional(0), "install");
    assert.equal(read.positional(1), "7");
    assert.equal(read.positional(2), undefined);
  });

  it("gives the words after -- as text, or none", () => {
    const words = ["terraform", "plan", "-out=010", "--profile", "x"];
    assert.deepEqual(flags([], { "--": words }).afterDoubleDash(), words);
    assert.deepEqual(flags([], { "--": [] }).afterDoubleDash(), []);
    assert.deepEqual(flags([]).afterDoubleDash(), []);
  });
});
