import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DEBIAN_PYTHON } from "../support/consumers.js";
import { useHarness } from "../support/harness.js";
import { CLI } from "../support/sandbox.js";

const harness = useHarness();

/** systemctl and launchctl stand-ins that record each call; `show` prints fixed properties. */
async function recordingTools(
  failWith?: string,
): Promise<{ env: Record<string, string>; calls: () => Promise<string[]> }> {
  const bin = join(harness.box.home, "bin");
  const log = join(harness.box.home, "tool-calls");
  await mkdir(bin);
  const failure = failWith === undefined ? "" : `echo '${failWith}' >&2; exit 1\n`;
  for (const tool of ["systemctl", "launchctl"]) {
    await writeFile(
      join(bin, tool),
      `#!/bin/sh\necho "${tool} $*" >> '${log}'\ncase "$*" in *show*sso-sync.timer*) echo 'NextElapseUSecRealtime=Sun 2026-11-22 10:30:00 UTC'; echo 'LastTriggerUSec=Sun 2026-11-22 10:00:00 UTC';; *show*sso-sync.service*) echo 'Result=success'; echo 'ExecMainStatus=0';; *) ${failure};; esac\n`,
    );
    await chmod(join(bin, tool), 0o755);
  }
  return {
    env: {
      PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      XDG_CONFIG_HOME: join(harness.box.home, ".config"),
    },
    calls: async () => (existsSync(log) ? (await readFile(log, "utf8")).trimEnd().split("\n") : []),
  };
}

const unitDir = () => join(harness.box.home, ".config", "systemd", "user");
const hasAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

describe("timer on systemd", () => {
  it("install writes the unit pair, enables it, and status shows next and last run", async () => {
    const tools = await recordingTools();
    const run = await harness.box.run(
      ["timer", "install", "--platform", "systemd", "--every", "45m", "--profile", "dev"],
      tools.env,
    );
    assert.equal(run.code, 0, run.stderr);
    const service = await readFile(join(unitDir(), "sso-sync.service"), "utf8");
    const timer = await readFile(join(unitDir(), "sso-sync.timer"), "utf8");
    assert.ok(
      service.includes(
        `ExecStart=${process.execPath} ${await realpath(CLI)} sync --quiet --notify --clean-expired --profile dev --min-validity 1h\n`,
      ),
    );
    assert.match(timer, /^OnUnitActiveSec=45m$/m);
    assert.deepEqual(await tools.calls(), [
      "systemctl --user daemon-reload",
      "systemctl --user enable --now sso-sync.timer",
    ]);
    assert.match(run.stdout, /journalctl --user -u sso-sync\.service/);
    const status = await harness.box.run(["timer", "status", "--platform", "systemd"], tools.env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /next run: Sun 2026-11-22 10:30:00 UTC/);
    assert.match(
      status.stdout,
      /last run: Sun 2026-11-22 10:00:00 UTC \(result: success, exit 0\)/,
    );
    const json = await harness.box.run(
      ["timer", "status", "--platform", "systemd", "--json"],
      tools.env,
    );
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), {
      version: 1,
      exitCode: 0,
      platform: "systemd",
      installed: true,
      files: [join(unitDir(), "sso-sync.service"), join(unitDir(), "sso-sync.timer")],
      nextRun: "Sun 2026-11-22 10:30:00 UTC",
      lastRun: "Sun 2026-11-22 10:00:00 UTC",
      lastResult: "result: success, exit 0",
      logs: "journalctl --user -u sso-sync.service",
    });
    const wrong = await harness.box.run(["timer", "install", "--json", "--platform", "systemd"]);
    assert.equal(wrong.code, 2);
  });

  it("install --in-place: the scheduled sync writes in place too", async () => {
    const tools = await recordingTools();
    const run = await harness.box.run(
      ["timer", "install", "--platform", "systemd", "--in-place"],
      tools.env,
    );
    assert.equal(run.code, 0, run.stderr);
    const service = await readFile(join(unitDir(), "sso-sync.service"), "utf8");
    assert.match(service, /^ExecStart=.* sync --quiet --notify --clean-expired .*--in-place$/m);
  });

  it("the generated units pass systemd-analyze verify", {
    skip: hasAnalyze ? false : "systemd-analyze is not installed",
  }, async () => {
    const tools = await recordingTools();
    assert.equal(
      (await harness.box.run(["timer", "install", "--platform", "systemd"], tools.env)).code,
      0,
    );
    const verify = spawnSync(
      "systemd-analyze",
      ["verify", join(unitDir(), "sso-sync.service"), join(unitDir(), "sso-sync.timer")],
      { encoding: "utf8" },
    );
    assert.equal(verify.status, 0, verify.stderr);
  });

  it("uninstall removes exactly what install created", async () => {
    const tools = await recordingTools();
    await mkdir(unitDir(), { recursive: true });
    await writeFile(join(unitDir(), "mine.service"), "[Service]\nExecStart=/bin/true\n");
    assert.equal(
      (await harness.box.run(["timer", "install", "--platform", "systemd"], tools.env)).code,
      0,
    );
    const run = await harness.box.run(["timer", "uninstall", "--platform", "systemd"], tools.env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(existsSync(join(unitDir(), "sso-sync.service")), false);
    assert.equal(existsSync(join(unitDir(), "sso-sync.timer")), false);
    assert.equal(
      await readFile(join(unitDir(), "mine.service"), "utf8"),
      "[Service]\nExecStart=/bin/true\n",
    );
    assert.deepEqual((await tools.calls()).slice(2), [
      "systemctl --user disable --now sso-sync.timer",
      "systemctl --user daemon-reload",
    ]);
    const again = await harness.box.run(["timer", "status", "--platform", "systemd"], tools.env);
    assert.match(again.stdout, /no sso-sync timer is installed/);
  });

  it("leaves a unit it did not write alone (exit 5)", async () => {
    const tools = await recordingTools();
    await mkdir(unitDir(), { recursive: true });
    await writeFile(join(unitDir(), "sso-sync.service"), "[Service]\nExecStart=/my/own\n");
    const run = await harness.box.run(["timer", "install", "--platform", "systemd"], tools.env);
    assert.equal(run.code, 5);
    assert.match(run.stderr, /was not written by sso-sync timer install; leaving it alone/);
    assert.equal(
      await readFile(join(unitDir(), "sso-sync.service"), "utf8"),
      "[Service]\nExecStart=/my/own\n",
    );
    assert.deepEqual(await tools.calls(), []);
  });

  it("says how to fix a machine without a user session (exit 5)", async () => {
    const tools = await recordingTools("Failed to connect to bus: No medium found");
    const run = await harness.box.run(["timer", "install", "--platform", "systemd"], tools.env);
    assert.equal(run.code, 5);
    assert.match(
      run.stderr,
      /systemctl --user daemon-reload failed: Failed to connect to bus: No medium found; .*loginctl enable-linger/,
    );
    // A schedule that never loaded is not installed: no unit left behind, and status agrees.
    assert.equal(existsSync(join(unitDir(), "sso-sync.service")), false);
    assert.equal(existsSync(join(unitDir(), "sso-sync.timer")), false);
    const status = await harness.box.run(["timer", "status", "--platform", "systemd"], tools.env);
    assert.match(status.stdout, /no sso-sync timer is installed/);
  });
});

describe("a failed timer install", () => {
  it("removes the directories it created and keeps those that were there", async () => {
    const tools = await recordingTools("Failed to connect to bus: No medium found");
    await mkdir(join(harness.box.home, ".config"));
    const run = await harness.box.run(["timer", "install", "--platform", "systemd"], tools.env);
    assert.equal(run.code, 5);
    assert.equal(existsSync(join(harness.box.home, ".config", "systemd")), false);
    assert.equal(existsSync(join(harness.box.home, ".config")), true);
  });
});

describe("timer on launchd and cron", () => {
  it("install writes a plist launchd can read and bootstraps it; uninstall boots it out", async () => {
    const tools = await recordingTools();
    const run = await harness.box.run(
      ["timer", "install", "--platform", "launchd", "--every", "1h"],
      tools.env,
    );
    assert.equal(run.code, 0, run.stderr);
    const plist = join(harness.box.home, "Library", "LaunchAgents", "io.github.sso-sync.plist");
    const parsed = spawnSync(
      DEBIAN_PYTHON,
      [
        "-c",
        "import plistlib,sys,json; d=plistlib.load(open(sys.argv[1],'rb')); print(json.dumps([d['ProgramArguments'], d['StartInterval'], d['StandardErrorPath']]))",
        plist,
      ],
      { encoding: "utf8" },
    );
    assert.equal(parsed.status, 0, parsed.stderr);
    const [args, interval, log] = JSON.parse(parsed.stdout) as [string[], number, string];
    assert.deepEqual(args, [
      process.execPath,
      await realpath(CLI),
      "sync",
      "--quiet",
      "--notify",
      "--clean-expired",
      "--min-validity",
      "1h15m",
    ]);
    assert.equal(interval, 3600);
    assert.equal(log, join(harness.box.home, "Library", "Logs", "sso-sync.log"));
    const uid = process.getuid?.() ?? 0;
    assert.deepEqual(await tools.calls(), [
      `launchctl bootout gui/${uid} ${plist}`,
      `launchctl bootstrap gui/${uid} ${plist}`,
    ]);
    assert.equal(
      (await harness.box.run(["timer", "uninstall", "--platform", "launchd"], tools.env)).code,
      0,
    );
    assert.equal(existsSync(plist), false);
    assert.equal((await tools.calls()).at(-1), `launchctl bootout gui/${uid} ${plist}`);
  });

  it("cron: prints the line to add, and refuses an interval cron cannot express (exit 2)", async () => {
    const run = await harness.box.run(["timer", "install", "--platform", "cron", "--every", "15m"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^\*\/15 \* \* \* \* .* sync --quiet --notify --clean-expired --min-validity 30m >> .*sso-sync\.log 2>&1 # sso-sync timer$/m,
    );
    const odd = await harness.box.run(["timer", "install", "--platform", "cron", "--every", "7m"]);
    assert.equal(odd.code, 2);
    assert.match(odd.stderr, /cron cannot run every 7m/);
  });

  it("the scheduled min-validity covers the interval, so no section lapses between runs", async () => {
    const every = (args: string[]) =>
      harness.box.run(["timer", "install", "--print", "--platform", "cron", ...args]);
    assert.match((await every(["--every", "30m"])).stdout, / --min-validity 45m /);
    assert.match((await every(["--every", "2h"])).stdout, / --min-validity 2h15m /);
    assert.match(
      (await every(["--every", "30m", "--min-validity", "40m"])).stdout,
      / --min-validity 40m /,
    );
    const short = await every(["--every", "30m", "--min-validity", "15m"]);
    assert.equal(short.code, 2);
    assert.match(
      short.stderr,
      /--min-validity 15m is shorter than --every 30m plus 5m: a section could expire between two runs; use at least 35m/,
    );
  });

  it("status --print is a usage error; uninstall --print shows the real steps in order", async () => {
    const tools = await recordingTools();
    const status = await harness.box.run(["timer", "status", "--print"], tools.env);
    assert.equal(status.code, 2);
    assert.match(status.stderr, /--print goes with install or uninstall/);
    const nothing = await harness.box.run(
      ["timer", "uninstall", "--print", "--platform", "systemd"],
      tools.env,
    );
    assert.equal(nothing.code, 0);
    assert.equal(nothing.stdout, "no sso-sync timer is installed\n");
    assert.equal(
      (await harness.box.run(["timer", "install", "--platform", "systemd"], tools.env)).code,
      0,
    );
    const plan = await harness.box.run(
      ["timer", "uninstall", "--print", "--platform", "systemd"],
      tools.env,
    );
    assert.deepEqual(plan.stdout.trimEnd().split("\n"), [
      "systemctl --user disable --now sso-sync.timer",
      `rm ${join(unitDir(), "sso-sync.service")}`,
      `rm ${join(unitDir(), "sso-sync.timer")}`,
      "systemctl --user daemon-reload",
    ]);
  });

  it("passes AWS_ENDPOINT_URL_STS to the scheduled run (chained roles need it)", async () => {
    const run = await harness.box.run(["timer", "install", "--print", "--platform", "systemd"], {
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9/sts",
    });
    assert.match(
      run.stdout,
      /^Environment="?AWS_ENDPOINT_URL_STS=http:\/\/127\.0\.0\.1:9\/sts"?$/m,
    );
  });

  it("passes the proxy and CA bundle variables on, and refuses a proxy password (never printed)", async () => {
    const passed = await harness.box.run(["timer", "install", "--print", "--platform", "systemd"], {
      HTTPS_PROXY: "http://proxy.corp.example:3128",
      no_proxy: ".corp.example",
      AWS_CA_BUNDLE: "/etc/corp/ca.pem",
    });
    assert.equal(passed.code, 0, passed.stderr);
    assert.match(
      passed.stdout,
      /^Environment="?HTTPS_PROXY=http:\/\/proxy\.corp\.example:3128"?$/m,
    );
    assert.match(passed.stdout, /^Environment="?no_proxy=\.corp\.example"?$/m);
    assert.match(passed.stdout, /^Environment="?AWS_CA_BUNDLE=\/etc\/corp\/ca\.pem"?$/m);
    const refused = await harness.box.run(["timer", "install", "--platform", "systemd"], {
      https_proxy: "http://me:s3cret@proxy.corp.example:3128",
    });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^sso-sync: https_proxy holds the proxy's user name and password/);
    assert.doesNotMatch(`${refused.stdout}${refused.stderr}`, /s3cret/);
    assert.equal(existsSync(unitDir()), false, "nothing was installed");
  });

  it("--print changes nothing anywhere", async () => {
    const tools = await recordingTools();
    const run = await harness.box.run(
      ["timer", "install", "--print", "--platform", "systemd"],
      tools.env,
    );
    assert.equal(run.code, 0);
    assert.match(run.stdout, /\[Timer\]/);
    assert.equal(existsSync(unitDir()), false);
    assert.deepEqual(await tools.calls(), []);
  });

  it("rejects an unknown action or platform (exit 2)", async () => {
    assert.equal((await harness.box.run(["timer", "start"])).code, 2);
    assert.equal((await harness.box.run(["timer", "install", "--platform", "windows"])).code, 2);
  });
});

describe("the scheduled run", () => {
  it("with --notify, a needed login reaches the desktop and the log, and exits 3", async () => {
    const bin = join(harness.box.home, "bin");
    const log = join(harness.box.home, "notified");
    await mkdir(bin);
    await writeFile(join(bin, "notify-send"), `#!/bin/sh\nprintf '%s|' "$@" > '${log}'\n`);
    await chmod(join(bin, "notify-send"), 0o755);
    await harness.box.writeConfig(
      "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n\n[profile dev]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = R\n",
    );
    // A section from the last session that expired: the scheduled run removes it.
    await harness.box.writeCredentials(
      `[keep]\na = 1\n\n[dev]\naws_access_key_id = ASIAOLD\naws_credential_expiration = 2020-01-01T00:00:00Z\nsso_sync_profile = dev\n`,
    );
    const run = await harness.box.run(["sync", "--quiet", "--notify", "--clean-expired"], {
      PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    });
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /login needed for dev: .*run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
    );
    assert.equal(
      await readFile(log, "utf8"),
      "--app-name=sso-sync|sso-sync|SSO login needed: run sso-sync login --sso-session acme|",
    );
    assert.equal(await harness.box.readCredentials(), "[keep]\na = 1\n");
  });
});
