import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertUsage, heldValue, readCli } from "../../support/parsed-cli.js";

// Each command line goes through the real program's parser first, then the command's own read
// function (syncOptions, serveOptions, listingOptions...), as main runs them.
const MINUTE = 60_000;
const SYNC_EXTRAS = { json: false, quiet: false, login: false, notify: false, cleanExpired: false };

describe("syncOptions", () => {
  it("has the documented defaults when no flag is given", async () => {
    assert.deepEqual(heldValue(await readCli([])), {
      profiles: [],
      concurrency: 16,
      timeoutSeconds: 20,
      lockTimeoutSeconds: 20,
      minValidityMs: 15 * MINUTE,
      force: false,
      takeOver: false,
      dryRun: false,
      ...SYNC_EXTRAS,
      inPlace: false,
    });
  });

  it("reads every flag it knows", async () => {
    const read = await readCli([
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
    assert.deepEqual(heldValue(read), {
      profiles: ["dev", "team-*", "prod:default"],
      concurrency: 4,
      timeoutSeconds: 2.5,
      lockTimeoutSeconds: 0,
      minValidityMs: 60 * MINUTE,
      force: true,
      takeOver: true,
      dryRun: true,
      ...SYNC_EXTRAS,
      inPlace: true,
    });
  });

  it("keeps numeric-looking profile names exactly as typed", async () => {
    const read = await readCli(["--profile", "0123", "--profile=1e3", "--profile", "00:007"]);
    assert.deepEqual((heldValue(read) as { profiles: string[] }).profiles, [
      "0123",
      "1e3",
      "00:007",
    ]);
  });

  it("keeps an empty profile name for the selection to refuse, rather than syncing everything", async () => {
    const read = await readCli(["--profile", ""]);
    assert.deepEqual((heldValue(read) as { profiles: string[] }).profiles, [""]);
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
    [["--timeout", "1e1"], /^--timeout takes a number from 0\.1 to 600, not '1e1'$/],
    [["--lock-timeout=-1"], /^--lock-timeout takes a number from 0 to 600, not '-1'$/],
    [["--lock-timeout", ""], /^--lock-timeout takes a number from 0 to 600, not ''$/],
    [["--min-validity", ""], /^--min-validity takes a duration such as 30m, 2h or 1h30m, not ''$/],
    [["--min-validity", "8d"], /^--min-validity takes a duration .*, not '8d'$/],
    [["--min-validity", "1h", "--min-validity", "2h"], /^give --min-validity once$/],
    [["--concurrency", "2", "--concurrency=2"], /^give --concurrency once$/],
  ];
  for (const [args, message] of refused) {
    it(`refuses sso-sync ${args.map((arg) => JSON.stringify(arg)).join(" ")}`, async () => {
      assertUsage(await readCli(args), message);
    });
  }
});

describe("serveOptions", () => {
  it("reads exactly one profile and the serve settings, without --concurrency", async () => {
    assert.deepEqual(heldValue(await readCli(["process", "--profile", "dev"])), {
      profile: "dev",
      timeoutSeconds: 20,
      lockTimeoutSeconds: 20,
      minValidityMs: 15 * MINUTE,
      force: false,
      login: false,
    });
    const read = await readCli([
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
    assert.deepEqual(heldValue(read), {
      profile: "0123",
      timeoutSeconds: 1,
      lockTimeoutSeconds: 3,
      minValidityMs: 120 * MINUTE,
      force: true,
      login: true,
    });
  });

  it("leaves a --profile after -- to exec's command", async () => {
    const read = await readCli(["exec", "--profile", "dev", "--", "aws", "--profile", "other"]);
    const options = heldValue(read) as { profile: string; command: string[] };
    assert.equal(options.profile, "dev");
    assert.deepEqual(options.command, ["aws", "--profile", "other"]);
  });

  it("refuses no profile and two profiles", async () => {
    for (const args of [["env"], ["process", "--profile", "a", "--profile", "b"]])
      assertUsage(await readCli(args), /^name exactly one profile with --profile$/, args.join(" "));
  });

  it("refuses bad settings like sync does", async () => {
    assertUsage(
      await readCli(["env", "--profile", "dev", "--timeout", "0"]),
      /^--timeout takes a number/,
    );
    assertUsage(
      await readCli(["env", "--profile", "dev", "--min-validity", "x"]),
      /^--min-validity takes a duration/,
    );
  });
});

describe("listingOptions", () => {
  it("names no session and no profile unless given (the config's only session is used)", async () => {
    const options = heldValue(await readCli(["accounts"])) as Record<string, unknown>;
    assert.deepEqual(options, {
      concurrency: 16,
      timeoutSeconds: 20,
      lockTimeoutSeconds: 20,
      json: false,
    });
    assert.equal("session" in options, false);
    assert.equal("profile" in options, false);
  });

  it("reads --profile (as typed) and the portal settings", async () => {
    const read = await readCli([
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
    assert.deepEqual(heldValue(read), {
      profile: "0123",
      concurrency: 2,
      timeoutSeconds: 9,
      lockTimeoutSeconds: 1,
      json: false,
    });
  });

  it("refuses a session or profile given twice, or given no value", async () => {
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
    for (const [args, message] of cases) assertUsage(await readCli(args), message, args.join(" "));
  });
});

describe("lockTimeoutSeconds", () => {
  const read = async (...args: string[]) =>
    (heldValue(await readCli(["clean", ...args])) as { lockTimeoutSeconds: number })
      .lockTimeoutSeconds;

  it("is 20 by default, and takes 0 (do not wait) and fractions", async () => {
    assert.equal(await read(), 20);
    assert.equal(await read("--lock-timeout", "0"), 0);
    assert.equal(await read("--lock-timeout", "0.5"), 0.5);
    assert.equal(await read("--lock-timeout=600"), 600);
  });

  it("refuses more than ten minutes, and an empty value", async () => {
    assertUsage(await readCli(["clean", "--lock-timeout", "600.1"]), /not '600\.1'$/);
    assertUsage(await readCli(["clean", "--lock-timeout="]), /not ''$/);
  });
});
