import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROGRAM } from "../../../src/cli/program.js";
import { GLOBAL_OPTIONS } from "../../../src/model/option-spec.js";
import { assertUsage, parseCli, runCli } from "../../support/parsed-cli.js";

const HOUR = 3_600_000;

/** The parser's mistake for this command line, or undefined when it has none. */
function unknownOption(args: readonly string[]): string | undefined {
  return parseCli(args).line.mistake?.message;
}

describe("the program: which command a command line runs", () => {
  const routes: ReadonlyArray<readonly [readonly string[], string]> = [
    [[], "sync"],
    [["--profile", "dev"], "sync"],
    [["sync", "--dry-run"], "sync"],
    [["status", "--json"], "status"],
    [["doctor"], "doctor"],
    [["clean", "--expired"], "clean"],
    [["env", "--profile", "dev"], "env"],
    [["exec", "--profile", "dev", "--", "true"], "exec"],
    [["process", "--profile", "dev"], "process"],
    [["accounts"], "accounts"],
    [["populate", "--sso-session", "acme"], "populate"],
    [["timer", "install"], "timer"],
    [["help", "status"], "help"],
  ];
  for (const [args, command] of routes) {
    it(`sso-sync ${args.join(" ")} -> ${command}`, () => {
      assert.equal(parseCli(args).line.spec.name, command);
    });
  }

  it("runs sync when no command is named, without pretending one was", () => {
    assert.equal(parseCli(["--quiet"]).line.named, false);
    assert.equal(parseCli(["sync", "--quiet"]).line.named, true);
  });

  it("reads a profile named like a command as a profile, not as the command", () => {
    const { line, flags } = parseCli(["--profile", "status"]);
    assert.equal(line.spec.name, "sync");
    assert.deepEqual(flags.many("--profile"), ["status"]);
  });

  it("passes the asked-about command to help", () => {
    assert.equal(parseCli(["help", "clean"]).flags.positional(0), "clean");
  });

  it("sees --help, -h, --version, -v and -V", () => {
    assert.equal(parseCli(["clean", "--help"]).line.help, true);
    assert.equal(parseCli(["-h"]).line.help, true);
    for (const flag of ["--version", "-v", "-V"])
      assert.equal(parseCli([flag]).line.version, true, flag);
  });
});

describe("the program: the options each command declares", () => {
  const accepted: ReadonlyArray<readonly [string, readonly string[]]> = [
    [
      "sync",
      [
        "--profile=a",
        "--min-validity=1h",
        "--force",
        "--concurrency=2",
        "--timeout=2",
        "--lock-timeout=2",
        "--take-over",
        "--login",
        "--notify",
        "--clean-expired",
        "-q",
        "--dry-run",
        "--json",
      ],
    ],
    ["status", ["--profile=a", "--min-validity=1h", "--json"]],
    ["doctor", ["--json"]],
    ["clean", ["--profile=a", "--expired", "--dry-run", "--lock-timeout=2", "--json", "--quiet"]],
    [
      "env",
      [
        "--profile=a",
        "--min-validity=1h",
        "--force",
        "--timeout=2",
        "--lock-timeout=2",
        "--format=fish",
      ],
    ],
    ["exec", ["--profile=a", "--min-validity=1h", "--force", "--timeout=2", "--lock-timeout=2"]],
    ["process", ["--profile=a", "--min-validity=1h", "--force", "--timeout=2", "--lock-timeout=2"]],
    [
      "accounts",
      [
        "--sso-session=s",
        "--profile=a",
        "--concurrency=2",
        "--timeout=2",
        "--lock-timeout=2",
        "--json",
      ],
    ],
    [
      "populate",
      [
        "--sso-session=s",
        "--template={account_id}",
        "--region=eu-west-1",
        "--output=json",
        "--account=1*",
        "--role=Admin",
        "--prune",
        "--duplicate",
        "--dry-run",
        "--json",
        "-q",
        "--concurrency=2",
        "--timeout=2",
        "--lock-timeout=2",
      ],
    ],
    [
      "timer install",
      ["--profile=a", "--min-validity=1h", "--every=30m", "--platform=cron", "--print"],
    ],
  ];
  for (const [command, options] of accepted) {
    it(`${command} takes ${options.join(" ")}`, () => {
      assert.equal(unknownOption([...command.split(" "), ...options]), undefined);
    });
  }

  const refused: ReadonlyArray<readonly [string, string]> = [
    ["status", "--force"],
    ["status", "--dry-run"],
    ["doctor", "--profile=a"],
    ["clean", "--force"],
    ["clean", "--take-over"],
    ["env", "--concurrency=2"],
    ["env", "--json"],
    ["exec", "--format=sh"],
    ["process", "--dry-run"],
    ["accounts", "--dry-run"],
    ["populate", "--profile=a"],
    ["timer install", "--force"],
    ["sync", "--expired"],
    ["sync", "--format=sh"],
  ];
  for (const [command, option] of refused) {
    it(`${command} refuses ${option}`, () => {
      // Named as typed, value and all cut off: `unknown option --format`.
      const name = option.split("=")[0] ?? option;
      assert.equal(unknownOption([...command.split(" "), option]), `unknown option ${name}`);
    });
  }

  it("declares no option twice on any command", () => {
    for (const spec of PROGRAM) {
      const names = [...GLOBAL_OPTIONS, ...spec.options].flatMap((option) =>
        option.short === undefined ? [option.flag] : [option.flag, option.short],
      );
      const twice = names.filter((name, index) => names.indexOf(name) !== index);
      assert.deepEqual(twice, [], spec.name);
    }
  });

  it("gives each option one meaning: a value everywhere or nowhere (the parser relies on it)", () => {
    // The command's name is found before the command is known, so `--x value` must split the
    // same way in every command.
    const valued = new Map<string, boolean>();
    for (const spec of PROGRAM)
      for (const option of spec.options) {
        const takes = option.value !== undefined;
        assert.equal(valued.get(option.flag) ?? takes, takes, `${spec.name} ${option.flag}`);
        valued.set(option.flag, takes);
      }
  });
});

describe("the program: flags as the commands read them", () => {
  it("gives sync's booleans under the names as typed", () => {
    const { flags } = parseCli([
      "--dry-run",
      "--take-over",
      "--clean-expired",
      "--login",
      "--notify",
      "-q",
      "--json",
      "--force",
    ]);
    for (const name of [
      "--dry-run",
      "--take-over",
      "--clean-expired",
      "--login",
      "--notify",
      "--quiet",
      "--json",
    ])
      assert.equal(flags.on(name), true, name);
    assert.equal(parseCli([]).flags.on("--quiet"), false);
  });

  it("reads what cac would have turned into numbers or booleans as typed", () => {
    // cac (mri) read `0123` as 123 and an option with no value as `true`; ours reads as typed.
    const { flags } = parseCli(["status", "--profile", "0123", "--profile", "1e3"]);
    assert.deepEqual(flags.many("--profile"), ["0123", "1e3"]);
    assert.equal(
      parseCli(["--profile", "--dry-run"]).line.mistake?.message,
      "--profile needs a value",
    );
  });

  it("gives timer its action word, schedule and options", () => {
    const { flags } = parseCli([
      "timer",
      "install",
      "--every",
      "1h",
      "--print",
      "--platform",
      "cron",
      "--profile",
      "dev",
    ]);
    assert.equal(flags.positional(0), "install");
    assert.equal(flags.duration("--every"), HOUR);
    assert.equal(flags.on("--print"), true);
    assert.equal(flags.one("--platform"), "cron");
    assert.equal(flags.one("--min-validity"), undefined, "no default: the timer derives one");
    assert.equal(parseCli(["timer", "0123"]).flags.positional(0), "0123");
  });

  it("gives exec the words after -- exactly as typed", () => {
    const { flags } = parseCli(["exec", "--profile", "dev", "--", "sleep", "010", "--json", "-q"]);
    assert.deepEqual(flags.afterDoubleDash(), ["sleep", "010", "--json", "-q"]);
    assert.equal(flags.on("--json"), false, "the command's --json is not ours");
    assert.equal(flags.on("--quiet"), false);
  });
});

describe("the program: commands refuse bad values before doing anything", () => {
  // Each of these fails while the command reads its flags, before the command reads a file,
  // calls AWS or prints: the context records any output, and its home does not exist.
  const refused: ReadonlyArray<readonly [readonly string[], RegExp]> = [
    [["--concurrency", "0"], /^--concurrency takes a number from 1 to 256, not '0'$/],
    [["sync", "--min-validity", "soon"], /^--min-validity takes a duration/],
    [["status", "--min-validity", "8d"], /^--min-validity takes a duration .*, not '8d'$/],
    [["clean", "--lock-timeout=-1"], /^--lock-timeout takes a number from 0 to 600, not '-1'$/],
    [
      ["env", "--profile", "dev", "--format", "tcsh"],
      /^--format takes sh, fish, powershell, cmd, dotenv, json, not 'tcsh'$/,
    ],
    [["process"], /^name exactly one profile with --profile$/],
    [["exec", "--profile", "a", "--profile", "b", "--", "true"], /^name exactly one profile/],
    [["accounts", "--sso-session", "a", "--sso-session", "b"], /^give --sso-session once$/],
    [["populate"], /^populate needs --sso-session NAME$/],
    [
      ["populate", "--sso-session", "acme", "--template", "{account}-{role_name}"],
      /^--template: unknown placeholder \{account\}; use /,
    ],
    [["timer", "install", "--every", "8d"], /^--every takes a duration .*, not '8d'$/],
    [["timer", "install", "--min-validity", "soon"], /^--min-validity takes a duration/],
    // The timer checks the whole request before touching anything: these reach that check
    // through the program, so they show its positional and flags arrive as typed.
    [["timer", "frobnicate"], /^timer takes install, uninstall or status, not 'frobnicate'$/],
    [["timer", "install", "--platform", "0123"], /^--platform takes .*, not '0123'$/],
    [["timer", "status", "--print"], /^--print goes with install or uninstall/],
    [["timer", "install", "--every", "30s"], /^--every must be at least 1m$/],
    [
      ["timer", "install", "--every", "1h", "--min-validity", "1h"],
      /^--min-validity 1h is shorter than --every 1h plus 5m: .* use at least 1h5m$/,
    ],
  ];
  for (const [args, message] of refused) {
    it(`sso-sync ${args.join(" ")}`, async () => {
      const { result, printed } = await runCli(args);
      assertUsage(result, message);
      assert.deepEqual(printed, { out: [], err: [] });
    });
  }
});
