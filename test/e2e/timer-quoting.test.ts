import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DEBIAN_PYTHON } from "../support/consumers.js";
import { useHarness } from "../support/harness.js";
import { environmentAssignments, execStartArgv } from "../support/systemd-syntax.js";

// timer install --print on every platform, with values that try to escape their quoting: each
// must reach the scheduled run as exactly itself, or be refused (exit 2) before anything is written.
const harness = useHarness();
const PLATFORMS = ["systemd", "launchd", "cron"] as const;

// No control characters: these must be quoted, not refused.
const TRICKY = [
  'a" ExecStartPre=/bin/touch pwned "b',
  "$(touch pwned)",
  "`touch pwned`",
  "';touch pwned;'",
  "a%nb%%c%",
  "</string><string>evil</string>",
  "back\\slash\\",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${HOME} the timer must not expand
  "x $HOME ${HOME} $$ y",
  "-dash",
  "semi;colon & amp | pipe > gt",
  "#hash",
  "üñï \u00a0 nbsp",
];
const TRICKY_ENV = "/tmp/a b/$HOME/%h/\"q\"/'s'/\\/&<>";

async function print(platform: string, profiles: readonly string[], env: Record<string, string>) {
  const args = ["timer", "install", "--print", "--platform", platform, "--every", "30m"];
  // --profile=VALUE: a value starting with - would otherwise read as flags.
  return harness.box.run([...args, ...profiles.map((profile) => `--profile=${profile}`)], {
    XDG_CONFIG_HOME: join(harness.box.home, ".config"),
    ...env,
  });
}

/** The file texts a --print shows, by path. */
function printedFiles(stdout: string): Map<string, string> {
  const files = new Map<string, string>();
  let current: { path: string; lines: string[] } | undefined;
  for (const line of stdout.split("\n")) {
    const header = /^# (\/.*)$/.exec(line);
    if (header !== null) {
      current = { path: header[1] as string, lines: [] };
      files.set(current.path, "");
    } else if (current !== undefined && line !== "" && !/^(systemctl|launchctl) /.test(line)) {
      current.lines.push(line);
      files.set(current.path, `${current.lines.join("\n")}\n`);
    }
  }
  return files;
}

/** The values after each `--profile` in an argv. */
function profilesOf(argv: readonly string[]): string[] {
  return argv.flatMap((arg, index) => (argv[index - 1] === "--profile" ? [arg] : []));
}

function python(script: string, input: string): string {
  const run = spawnSync(DEBIAN_PYTHON, ["-c", script], { input, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe("timer install refuses a value that would break out of its line", () => {
  for (const platform of PLATFORMS) {
    it(`${platform}: a newline or other control character in --profile or the environment is exit 2`, async () => {
      const attempts: Array<[string[], Record<string, string>, RegExp]> = [
        [
          ["dev\nExecStartPre=/bin/touch /tmp/pwned"],
          {},
          /--profile "dev\\nExecStartPre=.*U\+000A/,
        ],
        [["dev\r* * * * * touch pwned"], {}, /--profile "dev\\r\* \* .*U\+000D/],
        [["dev\u001b[31m"], {}, /U\+001B/],
        [["dev\u2028x"], {}, /U\+2028/],
        [
          ["dev"],
          { AWS_CONFIG_FILE: "/x\n0 * * * * touch pwned" },
          /AWS_CONFIG_FILE "\/x\\n0 .*U\+000A/,
        ],
      ];
      for (const [profiles, env, said] of attempts) {
        const run = await print(platform, profiles, env);
        assert.equal(run.code, 2, `${JSON.stringify(profiles)} ${run.stdout}`);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, said);
        assert.match(run.stderr, /cannot go into a systemd unit, launchd plist or crontab line/);
        assert.equal(run.stderr.trimEnd().split("\n").length, 1, run.stderr);
      }
      const real = await harness.box.run(
        ["timer", "install", "--platform", platform, "--profile", "dev\nExecStartPre=/bin/true"],
        { XDG_CONFIG_HOME: join(harness.box.home, ".config") },
      );
      assert.equal(real.code, 2);
      assert.equal(existsSync(join(harness.box.home, ".config", "systemd")), false);
      assert.equal(existsSync(join(harness.box.home, "Library")), false);
    });
  }
});

describe("timer install quotes every value so the scheduled run gets exactly it", () => {
  it("systemd: ExecStart= and Environment= read back as the exact values; no other directive", async () => {
    const run = await print("systemd", TRICKY, { AWS_CONFIG_FILE: TRICKY_ENV });
    assert.equal(run.code, 0, run.stderr);
    const service = [...printedFiles(run.stdout)].find(([path]) => path.endsWith(".service"));
    assert.ok(service !== undefined, run.stdout);
    const lines = service[1].trimEnd().split("\n");
    // The sandbox passes AWS_ENDPOINT_URL_SSO and friends on too: one Environment= line each.
    const directives = lines
      .filter((line) => /^[A-Za-z]+=/.test(line))
      .map((line) => line.split("=")[0]);
    assert.deepEqual([...new Set(directives)], ["Description", "Type", "Environment", "ExecStart"]);
    assert.equal(directives.filter((name) => name === "ExecStart").length, 1);
    const exec = lines.find((line) => line.startsWith("ExecStart=")) ?? "";
    const argv = execStartArgv(exec.slice("ExecStart=".length));
    assert.equal(argv[0], process.execPath);
    assert.deepEqual(profilesOf(argv), TRICKY);
    const assignments = lines
      .filter((line) => line.startsWith("Environment="))
      .flatMap((line) => environmentAssignments(line.slice("Environment=".length)));
    assert.ok(assignments.includes(`AWS_CONFIG_FILE=${TRICKY_ENV}`), assignments.join("\n"));
    assert.ok(assignments.every((assignment) => /^AWS_[A-Z_]+=/.test(assignment)));
    const analyze = spawnSync("systemd-analyze", ["--version"]);
    if (analyze.status === 0) {
      const dir = join(harness.box.home, "units");
      await mkdir(dir);
      await writeFile(join(dir, "sso-sync.service"), service[1]);
      const verify = spawnSync("systemd-analyze", ["verify", join(dir, "sso-sync.service")], {
        encoding: "utf8",
      });
      assert.equal(verify.status, 0, verify.stderr);
    }
  });

  it("launchd: the plist reads back (plistlib) as the exact arguments and environment", async () => {
    const run = await print("launchd", TRICKY, { AWS_CONFIG_FILE: TRICKY_ENV });
    assert.equal(run.code, 0, run.stderr);
    const plist = [...printedFiles(run.stdout)].find(([path]) => path.endsWith(".plist"));
    assert.ok(plist !== undefined, run.stdout);
    const parsed = JSON.parse(
      python(
        "import plistlib,sys,json; d=plistlib.loads(sys.stdin.buffer.read()); print(json.dumps([d['ProgramArguments'], d['EnvironmentVariables'], sorted(d)]))",
        plist[1],
      ),
    ) as [string[], Record<string, string>, string[]];
    assert.deepEqual(profilesOf(parsed[0]), TRICKY);
    assert.equal(parsed[1].AWS_CONFIG_FILE, TRICKY_ENV);
    assert.deepEqual(parsed[2], [
      "EnvironmentVariables",
      "Label",
      "ProcessType",
      "ProgramArguments",
      "RunAtLoad",
      "StandardErrorPath",
      "StandardOutPath",
      "StartInterval",
    ]);
  });

  it("cron: one line whose command the shell splits into the exact words, running nothing else", async () => {
    const run = await print("cron", TRICKY, { AWS_CONFIG_FILE: TRICKY_ENV });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 1, run.stdout);
    const line = lines[0] as string;
    const match = /^(\S+ \S+ \S+ \S+ \S+) (.*) >> (.*) 2>&1 # sso-sync timer$/.exec(line);
    assert.ok(match !== null, line);
    // What cron does before the shell: `\%` becomes %, an unescaped % would end the command.
    const command = (match[2] as string).replace(/\\%|%/g, (found) => {
      assert.equal(found, "\\%", "an unescaped % reaches cron");
      return "%";
    });
    const cwd = join(harness.box.home, "cron-cwd");
    await mkdir(cwd);
    const words = spawnSync("sh", ["-c", 'eval "set -- $1"; printf "%s\\0" "$@"', "sh", command], {
      cwd,
      encoding: "utf8",
    });
    assert.equal(words.status, 0, words.stderr);
    const argv = words.stdout.split("\0").slice(0, -1);
    const node = argv.indexOf(process.execPath);
    assert.ok(node > 0, argv.join("\n"));
    assert.ok(argv.slice(0, node).includes(`AWS_CONFIG_FILE=${TRICKY_ENV}`));
    assert.ok(argv.slice(0, node).every((word) => /^AWS_[A-Z_]+=/.test(word)));
    assert.deepEqual(profilesOf(argv), TRICKY);
    assert.deepEqual(await readdir(cwd), [], "the shell ran something");
  });

  it("cron: a backslash before % cannot be passed through cron, so it is refused (exit 2)", async () => {
    const run = await print("cron", ["a\\%b"], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cron cannot pass a backslash followed by %/);
  });
});
