import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { timerOptions } from "../../../../src/commands/timer/timer-action.js";
import type { TimerPlatform } from "../../../../src/commands/timer/timer-backend.js";
import { runTimer, type TimerOptions } from "../../../../src/commands/timer/timer-command.js";
import { MARKER } from "../../../../src/commands/timer/timer-schedule.js";
import { type Answer, RecordingHost } from "./recording-host.js";

// install, uninstall and status of every backend against a host that records what they do.
const NOW = new Date("2026-11-22T10:00:00Z");
const UNITS = "/home/me/.config/systemd/user";
const SERVICE = `${UNITS}/sso-sync.service`;
const TIMER = `${UNITS}/sso-sync.timer`;
const PLIST = "/home/me/Library/LaunchAgents/io.github.sso-sync.plist";
const APP = "/home/me/AppData/Local/sso-sync";
const TASK_XML = `${APP}/sso-sync-task.xml`;

/** What a timer run prints and exits with, as timerAction and main print its outcome. */
interface Printed {
  readonly code: number;
  readonly out: readonly string[];
  readonly err: readonly string[];
}

async function timer(
  platform: TimerPlatform,
  action: TimerOptions["action"],
  host: RecordingHost,
  more: Partial<TimerOptions> = {},
): Promise<Printed> {
  const options: TimerOptions = {
    action,
    platform,
    print: false,
    everyMs: 30 * 60_000,
    syncArgs: ["--min-validity", "45m"],
    json: false,
    ...more,
  };
  const outcome = await runTimer(options, {
    env: { HOME: "/home/me" },
    osHome: "/home/me",
    node: "/usr/bin/node",
    script: "/opt/sso-sync/cli.js",
    uid: 501,
    now: () => NOW,
    host,
  });
  if (outcome.ok) return { code: 0, out: outcome.value, err: [] };
  const { code, message } = outcome.failure;
  return { code, out: [], err: `sso-sync: ${message}`.split("\n") };
}

const failing =
  (program: string, stderr: string): Answer =>
  (command) =>
    command[0] === program && !command.includes("show") ? { code: 1, stderr } : undefined;

describe("timer on systemd, through the host", () => {
  it("install makes the unit directory, writes both units, then reloads and enables", async () => {
    const host = new RecordingHost();
    const outcome = await timer("systemd", "install", host);
    assert.equal(outcome.code, 0, outcome.err.join("\n"));
    assert.deepEqual(host.calls, [
      "mkdir /home/me/.config",
      "mkdir /home/me/.config/systemd",
      `mkdir ${UNITS}`,
      `write ${SERVICE}`,
      `write ${TIMER}`,
      "run systemctl --user daemon-reload",
      "run systemctl --user enable --now sso-sync.timer",
    ]);
    assert.match(
      host.text(SERVICE) ?? "",
      /^ExecStart=\/usr\/bin\/node \/opt\/sso-sync\/cli\.js sync --quiet --notify --clean-expired --min-validity 45m$/m,
    );
    assert.deepEqual(outcome.out, [
      `wrote ${SERVICE}`,
      `wrote ${TIMER}`,
      "timer installed and started",
      "failures and login reminders go to: journalctl --user -u sso-sync.service",
    ]);
  });

  it("a failed enable takes back the units and the directories it made, and no other", async () => {
    const host = new RecordingHost(failing("systemctl", "Failed to connect to bus"), [
      "/home/me/.config",
    ]);
    host.seed("/home/me/.config/other.conf", "mine\n");
    const outcome = await timer("systemd", "install", host);
    assert.equal(outcome.code, 5);
    assert.match(
      outcome.err[0] ?? "",
      /daemon-reload failed: Failed to connect to bus; .*loginctl enable-linger/,
    );
    assert.equal(outcome.err[1], "sso-sync: nothing was installed");
    assert.deepEqual(host.calls.slice(-5), [
      `remove ${SERVICE}`,
      `remove ${TIMER}`,
      `remove ${UNITS}`,
      "remove /home/me/.config/systemd",
      "run systemctl --user daemon-reload",
    ]);
    assert.equal(host.dirs.has("/home/me/.config"), true, "there before: kept");
    assert.equal(host.text("/home/me/.config/other.conf"), "mine\n");
  });

  it("a directory that was there before the failed install stays, even when empty", async () => {
    const host = new RecordingHost(failing("systemctl", "no bus"), [UNITS]);
    assert.equal((await timer("systemd", "install", host)).code, 5);
    assert.equal(host.dirs.has(UNITS), true);
    assert.equal(host.files.size, 0);
  });

  it("a write that fails removes what this install created and runs nothing", async () => {
    const host = new RecordingHost();
    host.failWrite = (path) =>
      path === TIMER ? Object.assign(new Error("EACCES"), { code: "EACCES" }) : undefined;
    const outcome = await timer("systemd", "install", host);
    assert.equal(outcome.code, 5);
    assert.deepEqual(outcome.err, ["sso-sync: cannot write the timer: permission denied"]);
    assert.deepEqual(host.runs(), []);
    assert.equal(host.files.size, 0);
    assert.equal(host.dirs.has("/home/me/.config"), false);
  });

  it("a write that fails leaves a unit of ours it was replacing", async () => {
    const host = new RecordingHost();
    host.seed(SERVICE, `# ${MARKER}\n[Service]\nExecStart=/old\n`);
    host.failWrite = (path) =>
      path === TIMER ? Object.assign(new Error("ENOSPC"), { code: "ENOSPC" }) : undefined;
    assert.equal((await timer("systemd", "install", host)).code, 5);
    assert.match(host.text(SERVICE) ?? "", /ExecStart=\/usr\/bin\/node/);
    assert.equal(host.dirs.has(UNITS), true);
  });

  it("leaves a unit it did not write alone: nothing written, nothing run", async () => {
    const host = new RecordingHost();
    host.seed(TIMER, "[Timer]\nOnCalendar=daily\n");
    const outcome = await timer("systemd", "install", host);
    assert.equal(outcome.code, 5);
    assert.match(outcome.err[0] ?? "", /sso-sync\.timer exists and was not written by sso-sync/);
    assert.deepEqual(host.calls, []);
    assert.equal((await timer("systemd", "uninstall", host)).code, 5);
    assert.deepEqual(host.calls, []);
  });

  it("uninstall disables, removes the units, reloads; then there is nothing to remove", async () => {
    const host = new RecordingHost();
    await timer("systemd", "install", host);
    host.calls.length = 0;
    const outcome = await timer("systemd", "uninstall", host);
    assert.equal(outcome.code, 0);
    assert.deepEqual(host.calls, [
      "run systemctl --user disable --now sso-sync.timer",
      `remove ${SERVICE}`,
      `remove ${TIMER}`,
      "run systemctl --user daemon-reload",
    ]);
    assert.deepEqual(outcome.out, [`removed ${SERVICE}`, `removed ${TIMER}`, "timer uninstalled"]);
    const again = await timer("systemd", "uninstall", host);
    assert.deepEqual(again.out, ["no sso-sync timer is installed"]);
  });

  it("status asks systemctl only when both units are there", async () => {
    const shows: Answer = (command) =>
      command.includes("sso-sync.timer") && command.includes("show")
        ? { stdout: "NextElapseUSecRealtime=Sun 2026-11-22 10:30:00 UTC\nLastTriggerUSec=\n" }
        : command.includes("show")
          ? { stdout: "Result=success\nExecMainStatus=0\n" }
          : undefined;
    const host = new RecordingHost(shows);
    const absent = await timer("systemd", "status", host, { json: true });
    assert.deepEqual(JSON.parse(absent.out.join("")), {
      version: 1,
      exitCode: 0,
      platform: "systemd",
      installed: false,
      files: [SERVICE, TIMER],
    });
    assert.deepEqual(host.runs(), []);
    await timer("systemd", "install", host);
    const status = await timer("systemd", "status", host);
    assert.deepEqual(status.out, [
      `installed: ${SERVICE}`,
      `installed: ${TIMER}`,
      "next run: Sun 2026-11-22 10:30:00 UTC",
      "last run: unknown (result: success, exit 0)",
      "logs: journalctl --user -u sso-sync.service",
    ]);
  });
});

describe("timer on launchd, through the host", () => {
  it("install boots out any loaded copy, then bootstraps; uninstall boots it out", async () => {
    const host = new RecordingHost();
    assert.equal((await timer("launchd", "install", host)).code, 0);
    assert.deepEqual(host.runs(), [
      `launchctl bootout gui/501 ${PLIST}`,
      `launchctl bootstrap gui/501 ${PLIST}`,
    ]);
    assert.match(
      host.text(PLIST) ?? "",
      /<string>\/home\/me\/Library\/Logs\/sso-sync\.log<\/string>/,
    );
    host.calls.length = 0;
    assert.equal((await timer("launchd", "uninstall", host)).code, 0);
    assert.deepEqual(host.calls, [`run launchctl bootout gui/501 ${PLIST}`, `remove ${PLIST}`]);
  });

  it("status tells the runs from the log's modification time", async () => {
    const host = new RecordingHost();
    await timer("launchd", "install", host);
    const before = await timer("launchd", "status", host);
    assert.deepEqual(before.out.slice(1), [
      `next run: about ${NOW.toISOString()}`,
      "last run: none logged yet",
      "logs: /home/me/Library/Logs/sso-sync.log",
    ]);
    host.seed("/home/me/Library/Logs/sso-sync.log", "", new Date("2026-11-22T09:50:00Z"));
    const after = await timer("launchd", "status", host);
    assert.deepEqual(after.out.slice(1, 3), [
      "next run: about 2026-11-22T10:20:00.000Z",
      "last run: 2026-11-22T09:50:00.000Z (log modified)",
    ]);
  });
});

describe("timer on the Task Scheduler, through the host", () => {
  const QUERY = "schtasks /Query /TN sso-sync /XML ONE";

  it("install checks for a foreign task, writes UTF-16 XML, registers it; the log is beside it", async () => {
    const host = new RecordingHost((command) =>
      command.includes("/Query") ? { code: 1, stderr: "ERROR: not found" } : undefined,
    );
    const outcome = await timer("schtasks", "install", host);
    assert.equal(outcome.code, 0, outcome.err.join("\n"));
    assert.deepEqual(host.runs(), [QUERY, `schtasks /Create /TN sso-sync /XML ${TASK_XML} /F`]);
    const bytes = host.files.get(TASK_XML)?.bytes ?? new Uint8Array();
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.ok(Buffer.from(bytes.subarray(2)).toString("utf16le").includes(MARKER));
    assert.equal(outcome.out.at(-1), `failures and login reminders go to: ${APP}/sso-sync.log`);
    const status = await timer("schtasks", "status", host, { json: true });
    const found = JSON.parse(status.out.join("")) as Record<string, unknown>;
    assert.equal(found.logs, `${APP}/sso-sync.log`, "the same log install named");
    assert.equal(found.nextRun, `about ${NOW.toISOString()}`);
    assert.deepEqual(host.runs().slice(2), [], "status reads the log, not launchctl or schtasks");
  });

  it("someone else's task of our name is left alone: nothing written", async () => {
    const host = new RecordingHost((command) =>
      command.includes("/Query") ? { stdout: "<?xml?><Task><Actions/></Task>" } : undefined,
    );
    const outcome = await timer("schtasks", "install", host);
    assert.equal(outcome.code, 5);
    assert.match(outcome.err[0] ?? "", /already has a task named sso-sync/);
    assert.deepEqual(host.runs(), [QUERY]);
    assert.equal(host.files.size, 0);
  });

  it("a failed registration says to check the service and takes the XML and folder back", async () => {
    const host = new RecordingHost(failing("schtasks", "ERROR: Access is denied."));
    const outcome = await timer("schtasks", "install", host);
    assert.equal(outcome.code, 5);
    assert.match(
      outcome.err[0] ?? "",
      /\/Create .* failed: ERROR: Access is denied\.; is the Task Scheduler service running/,
    );
    assert.equal(host.files.size, 0);
    assert.equal(host.dirs.has("/home/me/AppData"), false);
  });
});

describe("timer on cron, through the host", () => {
  it("writes and runs nothing: install and uninstall say what to do, status shows the line", async () => {
    const host = new RecordingHost();
    const install = await timer("cron", "install", host);
    assert.equal(install.out[0], "cron is managed by you: add this line with crontab -e");
    assert.match(
      install.out[1] ?? "",
      /^\*\/30 \* \* \* \* .* >> \/home\/me\/\.aws\/sso-sync\.log 2>&1 # sso-sync timer$/,
    );
    const uninstall = await timer("cron", "uninstall", host);
    assert.match(uninstall.out[0] ?? "", /remove the line ending in '# sso-sync timer'/);
    const status = await timer("cron", "status", host);
    assert.deepEqual(status.out, ["cron is managed by you; sso-sync would use:", install.out[1]]);
    assert.deepEqual(host.calls, []);
  });
});

describe("timer install --in-place", () => {
  const request = {
    action: "install",
    print: false,
    everyMs: 30 * 60_000,
    profiles: [],
    json: false,
  };
  const options = (platform: TimerPlatform, inPlace: boolean) => {
    const checked = timerOptions({ ...request, platform, inPlace }, "linux");
    assert.ok(checked.ok, "the request is valid");
    return checked.value;
  };
  const written = async (platform: TimerPlatform, inPlace: boolean) => {
    const host = new RecordingHost();
    const { action: _, ...more } = options(platform, inPlace);
    const outcome = await timer(platform, "install", host, more);
    assert.equal(outcome.code, 0, outcome.err.join("\n"));
    return { host, outcome };
  };

  it("systemd: the service's sync command line carries it", async () => {
    const { host } = await written("systemd", true);
    assert.match(host.text(SERVICE) ?? "", /^ExecStart=.* sync .*--min-validity 45m --in-place$/m);
    const without = await written("systemd", false);
    assert.doesNotMatch(without.host.text(SERVICE) ?? "", /--in-place/);
  });

  it("launchd: the plist's ProgramArguments carry it", async () => {
    const { host } = await written("launchd", true);
    assert.match(
      host.text(PLIST) ?? "",
      /<string>45m<\/string>\n {4}<string>--in-place<\/string>\n {2}<\/array>/,
    );
  });

  it("cron: the crontab line carries it", async () => {
    const { outcome } = await written("cron", true);
    assert.match(outcome.out[1] ?? "", / --min-validity 45m --in-place >> /);
  });

  it("Task Scheduler: the task's cmd.exe line carries it", async () => {
    const { host } = await written("schtasks", true);
    const bytes = host.files.get(TASK_XML)?.bytes ?? new Uint8Array();
    const xml = Buffer.from(bytes.subarray(2)).toString("utf16le");
    assert.match(
      xml,
      /&quot;--min-validity&quot; &quot;45m&quot; &quot;--in-place&quot; &gt;&gt; /,
    );
  });
});
