import { join } from "node:path";
import type { TimerHost } from "../../io/process/timer-host.js";
import { formatDuration } from "../../model/duration.js";
import { failed, type Result, usageFailure } from "../../model/result.js";
import type { TimerPlace, TimerPlatformSupport } from "./timer-backend.js";
import { logFileTimes } from "./timer-log-times.js";
import { MARKER, programWords, type TimerSpec, xml } from "./timer-schedule.js";

/** The Task Scheduler task's name (`schtasks /TN`). */
export const SCHTASKS_NAME = "sso-sync";

/** Where and as whom the Windows task runs: values read from the installing user's environment. */
export interface TaskHost {
  /** %SystemRoot% (C:\Windows): conhost.exe and cmd.exe are taken from its System32. */
  readonly systemRoot: string;
  /** `DOMAIN\user` for the logon trigger; without it the task runs on the interval only. */
  readonly userId?: string;
  /** The first interval starts here: local time, `YYYY-MM-DDTHH:MM:SS`. */
  readonly start: string;
}

// Inside cmd.exe's double quotes & | < > ^ are text, but %VAR% still expands, a quote ends the
// quoting and a line break ends the command.
const CMD_UNSAFE = /["%\r\n\0]/;

/**
 * The task's conhost.exe arguments: a headless console (no window every interval; Windows 10
 * 1809+) running cmd.exe, which sets the environment, runs sso-sync and appends its output to the
 * log. Undefined when a word holds a character cmd.exe cannot take safely.
 */
export function taskArguments(spec: TimerSpec, host: TaskHost): string | undefined {
  const words = [...programWords(spec), ...spec.args, spec.logFile];
  const values = Object.entries(spec.env).map(([name, value]) => `${name}=${value}`);
  if ([...words, ...values].some((word) => CMD_UNSAFE.test(word))) return undefined;
  const quoted = (word: string) => `"${word}"`;
  const sets = values.map((value) => `set ${quoted(value)} && `).join("");
  const command = [...programWords(spec), ...spec.args].map(quoted).join(" ");
  const cmd = `${host.systemRoot}\\System32\\cmd.exe`;
  // /s: cmd.exe strips the outer pair of quotes and runs the rest as it is.
  return `--headless ${quoted(cmd)} /d /s /c "${sets}${command} >> ${quoted(spec.logFile)} 2>&1"`;
}

/** `PT30M`, `PT2H`, `PT1H30M`: the ISO 8601 duration Task Scheduler takes for an interval. */
export function taskInterval(everyMs: number): string {
  const minutes = Math.round(everyMs / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours > 0 ? `${hours}H` : ""}${rest > 0 || hours === 0 ? `${rest}M` : ""}`;
}

/**
 * The Task Scheduler definition (schema 1.2, Windows 7+): every `everyMs` from `host.start`, a
 * minute after logon, a missed run caught up (StartWhenAvailable), never two at once, on battery
 * too, as the user without elevation. The marker is in the Description, which Task Scheduler keeps
 * (it drops comments), so `schtasks /Query /XML` shows whose the task is.
 */
export function taskSchedulerXml(spec: TimerSpec, host: TaskHost): Result<string> {
  const args = taskArguments(spec, host);
  if (args === undefined)
    return failed(
      usageFailure(
        `the Task Scheduler command line would run through cmd.exe, which cannot take " % or a line break safely; move node, sso-sync or the log (${spec.logFile}) to a path without them, or drop the profile or variable that has them`,
      ),
    );
  const logon =
    host.userId === undefined
      ? []
      : [
          "    <LogonTrigger>",
          `      <UserId>${xml(host.userId)}</UserId>`,
          "      <Delay>PT1M</Delay>",
          "      <Enabled>true</Enabled>",
          "    </LogonTrigger>",
        ];
  const every = formatDuration(spec.everyMs);
  return {
    ok: true,
    value: [
      '<?xml version="1.0" encoding="UTF-16"?>',
      `<!-- ${MARKER} -->`,
      '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
      "  <RegistrationInfo>",
      `    <Description>Syncs AWS SSO role credentials into ~\\.aws\\credentials every ${every}. ${MARKER}</Description>`,
      "  </RegistrationInfo>",
      "  <Triggers>",
      "    <TimeTrigger>",
      `      <StartBoundary>${xml(host.start)}</StartBoundary>`,
      "      <Repetition>",
      `        <Interval>${taskInterval(spec.everyMs)}</Interval>`,
      "        <StopAtDurationEnd>false</StopAtDurationEnd>",
      "      </Repetition>",
      "      <Enabled>true</Enabled>",
      "    </TimeTrigger>",
      ...logon,
      "  </Triggers>",
      "  <Principals>",
      '    <Principal id="Author">',
      "      <LogonType>InteractiveToken</LogonType>",
      "      <RunLevel>LeastPrivilege</RunLevel>",
      "    </Principal>",
      "  </Principals>",
      "  <Settings>",
      "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>",
      "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>",
      "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>",
      "    <StartWhenAvailable>true</StartWhenAvailable>",
      "    <ExecutionTimeLimit>PT10M</ExecutionTimeLimit>",
      "    <Enabled>true</Enabled>",
      "  </Settings>",
      '  <Actions Context="Author">',
      "    <Exec>",
      `      <Command>${xml(`${host.systemRoot}\\System32\\conhost.exe`)}</Command>`,
      `      <Arguments>${xml(args)}</Arguments>`,
      "    </Exec>",
      "  </Actions>",
      "</Task>",
      "",
    ].join("\r\n"),
  };
}

/** The folder for the task XML and the run's log: %LOCALAPPDATA%\sso-sync. */
function appDirectory(place: TimerPlace): string {
  return join(place.env.LOCALAPPDATA || join(place.home, "AppData", "Local"), "sso-sync");
}

/** `2026-11-22T10:30:00` in local time, as a Task Scheduler StartBoundary without a zone is read. */
function localTimestamp(date: Date): string {
  const two = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** Where and as whom the task runs, from the installing user's environment. */
function taskHost(place: TimerPlace): TaskHost {
  const { USERDOMAIN: domain, USERNAME: user } = place.env;
  return {
    systemRoot: place.env.SystemRoot || place.env.SYSTEMROOT || "C:\\Windows",
    // A minute from now: the first run soon after install, as the systemd timer's OnActiveSec.
    start: localTimestamp(new Date(place.now().getTime() + 60_000)),
    ...(user ? { userId: domain ? `${domain}\\${user}` : user } : {}),
  };
}

/** A word as cmd.exe and PowerShell read it: double-quoted when it holds a space or a special. */
function windowsWord(word: string): string {
  return /^[A-Za-z0-9_.,:\\/@+=-]+$/.test(word) ? word : `"${word}"`;
}

/** Whether a `schtasks /Query /XML` answer is a task definition without sso-sync's marker. */
export function isForeignTask(code: number, stdout: string): boolean {
  return code === 0 && stdout.includes("<Task") && !stdout.includes(MARKER);
}

/**
 * A task named sso-sync that the Task Scheduler holds without our marker: someone else's, left
 * alone. A task that cannot be queried counts as absent (schtasks answers 1 for no such task).
 */
async function foreignTask(host: TimerHost): Promise<string | undefined> {
  const query = await host.run(["schtasks", "/Query", "/TN", SCHTASKS_NAME, "/XML", "ONE"]);
  if (!isForeignTask(query.code, query.stdout)) return undefined;
  return `the Task Scheduler already has a task named ${SCHTASKS_NAME} that sso-sync timer install did not write; leaving it alone (delete or rename it first)`;
}

/** A Task Scheduler task registered from its XML in %LOCALAPPDATA%\sso-sync, logging beside it. */
export const schtasks: TimerPlatformSupport = {
  logFile: (place) => join(appDirectory(place), "sso-sync.log"),
  backend(spec, place) {
    const task = taskSchedulerXml(spec, taskHost(place));
    if (!task.ok) return task;
    const xmlFile = join(appDirectory(place), `${SCHTASKS_NAME}-task.xml`);
    return {
      ok: true,
      value: {
        kind: "units",
        platform: "schtasks",
        files: [{ path: xmlFile, text: task.value, utf16: true }],
        load: [["schtasks", "/Create", "/TN", SCHTASKS_NAME, "/XML", xmlFile, "/F"]],
        unloadBeforeLoad: false,
        unload: [["schtasks", "/Delete", "/TN", SCHTASKS_NAME, "/F"]],
        reload: [],
        logs: spec.logFile,
        loadHint: "; is the Task Scheduler service running? (sc query Schedule)",
        quote: windowsWord,
        removeCommand: "del",
        times: (host, now) => logFileTimes(host, spec.logFile, spec.everyMs, now),
        foreign: foreignTask,
      },
    };
  },
};
