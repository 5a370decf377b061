import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  listingOptions,
  lockTimeoutSeconds,
  serveOptions,
  syncOptions,
} from "../../../src/cli/read-options.js";
import { parseCli, usageError } from "../../support/parsed-cli.js";

// Each command line goes through the real program (cac) first, so the boolean flags are read
// under the names cac gives them, as an action would read them.
const MINUTE = 60_000;

describe("syncOptions", () => {
  it("has the documented defaults when no flag is given", () => {
    assert.deepEqual(syncOptions(parseCli([]).flags), {
      profiles: [],
      concurrency: 16,
      timeoutSeconds: 20,
      lockTimeoutSeconds: 20,
      minValidityMs: 15 * MINUTE,
      force: false,
      takeOver: false,
      dryRun: false,
      inPlace: false,
    });
  });

  it("reads every flag it knows", () => {
    const { flags } = parseCli([
      "sync",
      "--profile",
      "dev",
      "--profile=team-*",
      "--profile",
      "prod:default",
      "--concurrency",
      "4",
      "--timeout",
      "2.5",
      "--lock-timeout",
      "0",
      "--min-validity",
      "1h",
      "--force",
      "--take-over",
      "--dry-run",
      "--in-place",
    ]);
    assert.deepEqual(syncOptions(flags), {
      profiles: ["dev", "team-*", "prod:default"],
      concurrency: 4,
      timeoutSeconds: 2.5,
      lockTimeoutSeconds: 0,
      minValidityMs: 60 * MINUTE,
      force: true,
      takeOver: true,
      dryRun: true,
      inPlace: true,
    });
  });

  it("keeps numeric-looking profile names exactly as typed", () => {
    const { flags } = parseCli(["--profile", "0123", "--profile=1e3", "--profile", "00:007"]);
    assert.deepEqual(syncOptions(flags).profiles, ["0123", "1e3", "00:007"]);
  });

  it("keeps an empty profile name for the selection to refuse, rather than syncing everything", () => {
    assert.deepEqual(syncOptions(parseCli(["--profile", ""]).flags).profiles, [""]);
  });

  const refused: ReadonlyArray<readonly [readonly string[], RegExp]> = [
    [["--profile", "--dry-run"], /^--profile needs a value$/],
    [["--dry-run", "--profile"], /^--profile needs a value$/],
    [["--min-validity", "--force"], /^--min-validity needs a value$/],
    [["--concurrency", "0"], /^--concurrency takes a number from 1 to 256, not '0'$/],
    [["--concurrency", "257"], /^--concurrency takes a number from 1 to 256, not '257'$/],
    [["--concurrency", "1.5"], /^--concurrency takes a whole number from 1 to 256$/],
    [["--concurrency", ""], /^--concurrency takes a number from 1 to 256, not ''$/],
    [["--timeout", "0"], /^--timeout takes a number from 0\.1 to 600, not '0'$/],
    [["--timeout", "601"], /^--timeout takes a number from 0\.1 to 600, not '601'$/],
    [["--timeout", ""], /^--timeout takes a number from 0\.1 to 600, not ''$/],
    [["--lock-timeout=-1"], /^--lock-timeout takes a number from 0 to 600, not '-1'$/],
    [["--lock-timeout", ""], /^--lock-timeout takes a number from 0 to 600, not ''$/],
    [["--min-validity", ""], /^--min-validity takes a duration such as 30m, 2h or 1h30m, not ''$/],
    [["--min-validity", "8d"], /^--min-validity takes a duration .*, not '8d'$/],
    [["--min-validity", "1h", "--min-validity", "2h"], /^give --min-validity once$/],
    [["--concurrency", "2", "--concurrency=2"], /^give --concurrency once$/],
  ];
  for (const [args, message] of refused) {
    it(`refuses sso-sync ${args.map((arg) => JSON.stringify(arg)).join(" ")}`, () => {
      assert.throws(() => syncOptions(parseCli(args).flags), usageError(message));
    });
  }
});

describe("serveOptions", () => {
  it("reads exactly one profile and the serve settings, without --concurrency", () => {
    assert.deepEqual(serveOptions(parseCli(["env", "--profile", "dev"]).flags), {
      profile: "dev",
      timeoutSeconds: 20,
      lockTimeoutSeconds: 20,
      minValidityMs: 15 * MINUTE,
      force: false,
      login: false,
    });
    const { flags } = parseCli([
      "process",
      "--profile=0123",
      "--force",
      "--login",
      "--min-validity",
      "2h",
      "--timeout",
      "1",
      "--lock-timeout",
      "3",
    ]);
    assert.deepEqual(serveOptions(flags), {
      profile: "0123",
      timeoutSeconds: 1,
      lockTimeoutSeconds: 3,
      minValidityMs: 120 * MINUTE,
      force: true,
      login: true,
    });
  });

  it("leaves a --profile after -- to exec's command", () => {
    const { flags } = parseCli(["exec", "--profile", "dev", "--", "aws", "--profile", "other"]);
    assert.equal(serveOptions(flags).profile, "dev");
  });

  it("refuses no profile and two profiles", () => {
    for (const args of [["env"], ["process", "--profile", "a", "--profile", "b"]])
      assert.throws(
        () => serveOptions(parseCli(args).flags),
        usageError(/^name exactly one profile with --profile$/),
        args.join(" "),
      );
  });

  it("refuses bad settings like sync does", () => {
    assert.throws(
      () => serveOptions(parseCli(["env", "--profile", "dev", "--timeout", "0"]).flags),
      usageError(/^--timeout takes a number/),
    );
    assert.throws(
      () => serveOptions(parseCli(["env", "--profile", "dev", "--min-validity", "x"]).flags),
      usageError(/^--min-validity takes a duration/),
    );
  });
});

describe("listingOptions", () => {
  it("names no session and no profile unless given (the config's only session is used)", () => {
    const options = listingOptions(parseCli(["accounts"]).flags);
    assert.deepEqual(options, { concurrency: 16, timeoutSeconds: 20, lockTimeoutSeconds: 20 });
    assert.equal("session" in options, false);
    assert.equal("profile" in options, false);
  });

  it("reads --profile (as typed) and the portal settings", () => {
    const { flags } = parseCli([
      "accounts",
      "--profile",
      "0123",
      "--concurrency",
      "2",
      "--timeout",
      "9",
      "--lock-timeout",
      "1",
    ]);
    assert.deepEqual(listingOptions(flags), {
      profile: "0123",
      concurrency: 2,
      timeoutSeconds: 9,
      lockTimeoutSeconds: 1,
    });
  });

  it("refuses a session or profile given twice, or given no value", () => {
    const cases: ReadonlyArray<readonly [readonly string[], RegExp]> = [
      [["accounts", "--sso-session", "a", "--sso-session", "b"], /^give --sso-session once$/],
      [["accounts", "--profile", "a", "--profile=b"], /^give --profile once$/],
      [["accounts", "--sso-session", "--json"], /^--sso-session needs a value$/],
      [["populate", "--sso-session", "a", "--concurrency", "0"], /^--concurrency takes a number/],
      [
        ["accounts", "--sso-session", "a", "--profile", "b"],
        /^give --sso-session or --profile, not both$/,
      ],
    ];
    for (const [args, message] of cases)
      assert.throws(
        () => listingOptions(parseCli(args).flags),
        usageError(message),
        args.join(" "),
      );
  });
});

describe("lockTimeoutSeconds", () => {
  const read = (...args: string[]) => lockTimeoutSeconds(parseCli(["clean", ...args]).flags);

  it("is 20 by default, and takes 0 (do not wait) and fractions", () => {
    assert.equal(read(), 20);
    assert.equal(read("--lock-timeout", "0"), 0);
    assert.equal(read("--lock-timeout", "0.5"), 0.5);
    assert.equal(read("--lock-timeout=600"), 600);
  });

  it("refuses more than ten minutes, and an empty value", () => {
    assert.throws(() => read("--lock-timeout", "600.1"), usageError(/not '600\.1'$/));
    assert.throws(() => read("--lock-timeout="), usageError(/not ''$/));
  });
});
