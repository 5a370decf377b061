import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { crontabLine } from "../../../../src/commands/timer/timer-cron.js";
import { launchdPlist } from "../../../../src/commands/timer/timer-launchd.js";
import {
  MARKER,
  type TimerSpec,
  timerSpecProblem,
} from "../../../../src/commands/timer/timer-schedule.js";
import {
  isForeignTask,
  taskInterval,
  taskSchedulerXml,
} from "../../../../src/commands/timer/timer-schtasks.js";
import { systemdService, systemdTimer } from "../../../../src/commands/timer/timer-systemd.js";
import { fixture } from "../../../support/fixtures.js";

const timerFixture = (name: string) => fixture(`timer/${name}`);

// Paths and a profile glob with characters each format must escape: space, %, $, &, quotes.
const spec: TimerSpec = {
  node: "/usr/local/bin/node",
  script: "/opt/sso sync/dist/src/cli.js",
  args: ["sync", "--quiet", "--notify", "--profile", "team-*", "--profile", `a%b$c&"d'`],
  everyMs: 45 * 60_000,
  env: { AWS_CONFIG_FILE: "/home/me/.aws/config work" },
  logFile: "/home/me/.aws/sso-sync.log",
};

describe("timer files", () => {
  it("systemd service and timer match the reviewed fixtures", () => {
    assert.equal(systemdService(spec), timerFixture("sso-sync.service"));
    assert.equal(systemdTimer(spec), timerFixture("sso-sync.timer"));
  });

  it("launchd plist matches the reviewed fixture", () => {
    assert.equal(launchdPlist(spec), timerFixture("io.github.sso-sync.plist"));
  });

  it("crontab line matches the reviewed fixture for intervals cron can express", () => {
    const hourly = crontabLine({ ...spec, everyMs: 2 * 3_600_000 });
    assert.deepEqual(hourly, { ok: true, value: timerFixture("crontab.txt").trimEnd() });
    assert.match(
      JSON.stringify(crontabLine({ ...spec, everyMs: 15 * 60_000 })),
      /"\*\/15 \* \* \* \* /,
    );
    assert.equal(crontabLine(spec).ok, false, "45m does not divide an hour");
    assert.equal(crontabLine({ ...spec, everyMs: 7 * 60_000 }).ok, false);
  });

  it("a standalone executable (no script) is the first word alone, and must be absolute", () => {
    const { script: _none, ...standalone } = { ...spec, node: "/opt/sso-sync-linux-x64" };
    assert.match(systemdService(standalone), /^ExecStart=\/opt\/sso-sync-linux-x64 sync --quiet /m);
    const cron = crontabLine({ ...standalone, everyMs: 30 * 60_000 });
    assert.ok(cron.ok && cron.value.includes(" /opt/sso-sync-linux-x64 sync --quiet "));
    assert.match(
      timerSpecProblem({ ...standalone, node: "sso-sync" }) ?? "",
      /^the sso-sync executable path "sso-sync" is not absolute/,
    );
  });
});

// Windows paths with spaces, and a profile glob holding XML's specials and cmd.exe's & < >.
const windowsSpec: TimerSpec = {
  node: "C:\\Program Files\\nodejs\\node.exe",
  script: "C:\\Users\\Me Too\\AppData\\Roaming\\npm\\node_modules\\sso-sync\\dist\\src\\cli.js",
  args: ["sync", "--quiet", "--notify", "--profile", "team-*", "--profile", "a&b<c>'d"],
  everyMs: 90 * 60_000,
  env: { AWS_CONFIG_FILE: "C:\\Users\\Me Too\\.aws\\config work" },
  logFile: "C:\\Users\\Me Too\\AppData\\Local\\sso-sync\\sso-sync.log",
};
const host = { systemRoot: "C:\\Windows", userId: "ACME\\me", start: "2026-11-22T10:31:00" };

/** The document parsed by Python's XML parser: the Exec command and arguments, and the marker. */
function parsedByPython(xml: string): { command: string; args: string; description: string } {
  const script = `import sys, json, xml.dom.minidom as m
d = m.parseString(sys.stdin.buffer.read().decode("utf-8").replace('encoding="UTF-16"', 'encoding="UTF-8"').encode("utf-8"))
t = lambda name: d.getElementsByTagName(name)[0].firstChild.data
print(json.dumps({"command": t("Command"), "args": t("Arguments"), "description": t("Description")}))`;
  const run = spawnSync("/usr/bin/python3", ["-c", script], { input: xml, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { command: string; args: string; description: string };
}

describe("Task Scheduler definition", () => {
  it("matches the reviewed fixture", () => {
    const task = taskSchedulerXml(windowsSpec, host);
    assert.ok(task.ok);
    assert.equal(task.value, timerFixture("sso-sync-task.xml"));
  });

  it("parses as XML, and the action is the headless cmd.exe line with every word quoted", () => {
    const task = taskSchedulerXml(windowsSpec, host);
    assert.ok(task.ok);
    const parsed = parsedByPython(task.value);
    assert.equal(parsed.command, "C:\\Windows\\System32\\conhost.exe");
    assert.equal(
      parsed.args,
      `--headless "C:\\Windows\\System32\\cmd.exe" /d /s /c "set "AWS_CONFIG_FILE=C:\\Users\\Me Too\\.aws\\config work" && "C:\\Program Files\\nodejs\\node.exe" "C:\\Users\\Me Too\\AppData\\Roaming\\npm\\node_modules\\sso-sync\\dist\\src\\cli.js" "sync" "--quiet" "--notify" "--profile" "team-*" "--profile" "a&b<c>'d" >> "C:\\Users\\Me Too\\AppData\\Local\\sso-sync\\sso-sync.log" 2>&1"`,
    );
    assert.ok(parsed.description.includes(MARKER));
  });

  it("has no logon trigger without a user, and refuses words cmd.exe cannot take", () => {
    const { userId: _, ...anyone } = host;
    const task = taskSchedulerXml(windowsSpec, anyone);
    assert.ok(task.ok);
    assert.doesNotMatch(task.value, /LogonTrigger/);
    for (const bad of ["100%", 'say "hi"', "two\nlines"]) {
      const refused = taskSchedulerXml({ ...windowsSpec, args: ["--profile", bad] }, host);
      assert.equal(refused.ok, false, bad);
    }
  });

  it("writes the interval as an ISO 8601 duration", () => {
    assert.equal(taskInterval(30 * 60_000), "PT30M");
    assert.equal(taskInterval(2 * 3_600_000), "PT2H");
    assert.equal(taskInterval(90 * 60_000), "PT1H30M");
    assert.equal(taskInterval(60_000), "PT1M");
  });

  it("tells someone else's task (no marker) from ours and from no task at all", () => {
    const ours = taskSchedulerXml(windowsSpec, host);
    assert.ok(ours.ok);
    assert.equal(isForeignTask(0, ours.value), false);
    assert.equal(isForeignTask(0, "<?xml?><Task><Actions/></Task>"), true);
    assert.equal(isForeignTask(1, "ERROR: The system cannot find the file specified."), false);
  });
});

describe("timer values", () => {
  it("names the first value that cannot be written, and where it comes from", () => {
    assert.equal(timerSpecProblem(spec), undefined);
    const withArgs = (args: string[]) => timerSpecProblem({ ...spec, args });
    assert.match(withArgs(["--profile", "a\nb"]) ?? "", /^--profile "a\\nb": .*U\+000A/);
    assert.match(withArgs(["--profile", "a\u0085b"]) ?? "", /U\+0085/);
    assert.match(
      timerSpecProblem({ ...spec, env: { AWS_CONFIG_FILE: "x\r" } }) ?? "",
      /^AWS_CONFIG_FILE "x\\r"/,
    );
    assert.match(
      timerSpecProblem({ ...spec, node: "node" }) ?? "",
      /node path "node" is not absolute/,
    );
  });

  it("leaves $ alone in Environment= (systemd expands $ only in Exec lines)", () => {
    const service = systemdService({ ...spec, env: { AWS_CONFIG_FILE: "/a/$b" } });
    assert.match(service, /^Environment="AWS_CONFIG_FILE=\/a\/\$b"$/m);
    assert.match(service, /--profile "a%%b\$\$c/);
  });
});
