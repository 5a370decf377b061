import { formatDuration } from "../../model/duration.js";
import { shellWord } from "../../model/shell-word.js";

/** What the scheduled run is: the exact node and script, its arguments, how often, and its environment. */
export interface TimerSpec {
  readonly node: string;
  /** Absent for a standalone executable (npm run package): `node` is then sso-sync itself. */
  readonly script?: string;
  readonly args: readonly string[];
  readonly everyMs: number;
  /** Variables the scheduled run needs that a timer's bare environment lacks (AWS_CONFIG_FILE, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** Where launchd and cron append the run's output. */
  readonly logFile: string;
}

/** The program the scheduled run starts, each path named: node and the script, or the executable. */
function programPaths(spec: TimerSpec): Array<[string, string]> {
  if (spec.script === undefined) return [["the sso-sync executable path", spec.node]];
  return [
    ["the node path", spec.node],
    ["the sso-sync script path", spec.script],
  ];
}

const programWords = (spec: TimerSpec) => programPaths(spec).map(([, path]) => path);

/** The first line of every file install writes; uninstall removes only files that carry it. */
export const MARKER = "Written by sso-sync timer install; remove with: sso-sync timer uninstall";
/** The systemd unit name (`sso-sync.service`, `sso-sync.timer`). */
export const SYSTEMD_NAME = "sso-sync";
/** The launchd agent's label and plist name. */
export const LAUNCHD_LABEL = "io.github.sso-sync";

/**
 * Why a value cannot go into a unit file, plist or crontab line as itself, or undefined when it
 * can: a control character (a newline would start a new directive or crontab entry), a line or
 * paragraph separator, a lone surrogate, or a character XML forbids.
 */
export function timerValueProblem(value: string): string | undefined {
  const bad = /[\p{Cc}\u2028\u2029\uFFFE\uFFFF]|\p{Cs}/u.exec(value);
  if (bad === null) return undefined;
  const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  return `it holds the control character U+${code}`;
}

/**
 * The first value of the scheduled run that cannot be written as itself, named by where it comes
 * from (`--profile ...`, an environment variable, a path), with why; undefined when all can.
 */
export function timerSpecProblem(spec: TimerSpec): string | undefined {
  const program = programPaths(spec);
  const named: Array<[string, string]> = [
    ...program,
    ...spec.args.map((arg, index): [string, string] => {
      const flag = spec.args[index - 1];
      return [flag?.startsWith("--") ? flag : "an argument", arg];
    }),
    ...Object.entries(spec.env),
    ["the log file", spec.logFile],
  ];
  for (const [where, value] of named) {
    const problem = timerValueProblem(value);
    if (problem !== undefined)
      return `${where} ${JSON.stringify(value)}: ${problem}, which cannot go into a systemd unit, launchd plist or crontab line; nothing was installed`;
  }
  for (const [where, path] of program)
    if (!path.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(path))
      return `${where} ${JSON.stringify(path)} is not absolute; a timer runs without your working directory`;
  return undefined;
}

// systemd expands % specifiers in every directive, and $VAR only in Exec lines.
const SYSTEMD_SAFE = /^[A-Za-z0-9_.,:/@+=-]+$/;

/** An ExecStart= word: double-quoted when needed, with C escapes, %% and $$. */
function execWord(word: string, index: number): string {
  const escaped = word
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replaceAll("%", "%%")
    .replaceAll("$", "$$$$");
  // The first word is quoted also when it starts with a prefix systemd reads (-, @, :, +, !).
  const prefixed = index === 0 && /^[-@:+!]/.test(word);
  return SYSTEMD_SAFE.test(word) && !prefixed ? escaped : `"${escaped}"`;
}

/** An Environment= assignment: quoted with C escapes and %%; `$` means nothing there. */
function environmentWord(assignment: string): string {
  const escaped = assignment.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("%", "%%");
  return SYSTEMD_SAFE.test(assignment) ? escaped : `"${escaped}"`;
}

/** The systemd user service: one non-interactive, quiet run; its output goes to the journal. */
export function systemdService(spec: TimerSpec): string {
  const command = [...programWords(spec), ...spec.args].map(execWord).join(" ");
  const env = Object.entries(spec.env).map(
    ([name, value]) => `Environment=${environmentWord(`${name}=${value}`)}`,
  );
  return [
    `# ${MARKER}`,
    "[Unit]",
    "Description=Sync AWS SSO role credentials into ~/.aws/credentials (sso-sync)",
    "",
    "[Service]",
    "Type=oneshot",
    ...env,
    `ExecStart=${command}`,
    "",
  ].join("\n");
}

/** The systemd user timer: once soon after it starts, then every `everyMs`. */
export function systemdTimer(spec: TimerSpec): string {
  const every = formatDuration(spec.everyMs).replace(/([a-z])(?=\d)/g, "$1 ");
  return [
    `# ${MARKER}`,
    "[Unit]",
    `Description=Run sso-sync every ${every}`,
    "",
    "[Timer]",
    "OnActiveSec=10s",
    "OnStartupSec=1min",
    `OnUnitActiveSec=${every}`,
    "AccuracySec=30s",
    "",
    "[Install]",
    "WantedBy=timers.target",
    "",
  ].join("\n");
}

function xml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** The launchd agent: runs at load and every `everyMs`; output appended to `logFile`. */
export function launchdPlist(spec: TimerSpec): string {
  const strings = (values: readonly string[]) =>
    values.map((value) => `    <string>${xml(value)}</string>`);
  const env = Object.entries(spec.env).flatMap(([name, value]) => [
    `    <key>${xml(name)}</key>`,
    `    <string>${xml(value)}</string>`,
  ]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- ${MARKER} -->`,
    '<plist version="1.0">',
    "<dict>",
    "  <key>Label</key>",
    `  <string>${LAUNCHD_LABEL}</string>`,
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...strings([...programWords(spec), ...spec.args]),
    "  </array>",
    ...(env.length > 0
      ? ["  <key>EnvironmentVariables</key>", "  <dict>", ...env, "  </dict>"]
      : []),
    "  <key>StartInterval</key>",
    `  <integer>${Math.round(spec.everyMs / 1000)}</integer>`,
    "  <key>RunAtLoad</key>",
    "  <true/>",
    "  <key>ProcessType</key>",
    "  <string>Background</string>",
    "  <key>StandardOutPath</key>",
    `  <string>${xml(spec.logFile)}</string>`,
    "  <key>StandardErrorPath</key>",
    `  <string>${xml(spec.logFile)}</string>`,
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
}

/** The crontab line, or why the interval cannot be written as one. */
export function crontabLine(
  spec: TimerSpec,
): { ok: true; line: string } | { ok: false; error: string } {
  const minutes = spec.everyMs / 60_000;
  let schedule: string | undefined;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0)
    schedule = minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  else if (Number.isInteger(minutes / 60) && 24 % (minutes / 60) === 0)
    schedule = minutes === 60 ? "0 * * * *" : `0 */${minutes / 60} * * *`;
  if (schedule === undefined)
    return {
      ok: false,
      error: `cron cannot run every ${formatDuration(spec.everyMs)}; use an interval that divides an hour or a day (15m, 30m, 1h, 2h)`,
    };
  const env = Object.entries(spec.env).map(([name, value]) => `${name}=${shellWord(value)}`);
  const command = [...env, ...[...programWords(spec), ...spec.args].map(shellWord)].join(" ");
  const text = `${command} >> ${shellWord(spec.logFile)} 2>&1`;
  // cron turns an unescaped % into a newline and `\%` into `%`; a backslash before a % cannot
  // be written so that the shell sees it.
  if (text.includes("\\%"))
    return {
      ok: false,
      error: "cron cannot pass a backslash followed by % to the command; use systemd or launchd",
    };
  return { ok: true, line: `${schedule} ${text.replaceAll("%", "\\%")} # sso-sync timer` };
}

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
export function taskSchedulerXml(
  spec: TimerSpec,
  host: TaskHost,
): { ok: true; xml: string } | { ok: false; error: string } {
  const args = taskArguments(spec, host);
  if (args === undefined)
    return {
      ok: false,
      error: `the Task Scheduler command line would run through cmd.exe, which cannot take " % or a line break safely; move node, sso-sync or the log (${spec.logFile}) to a path without them, or drop the profile or variable that has them`,
    };
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
    xml: [
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
