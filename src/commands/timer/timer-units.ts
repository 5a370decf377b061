import { formatDuration } from "../../model/duration.js";
import { shellWord } from "../../model/shell-word.js";

/** What the scheduled run is: the exact node and script, its arguments, how often, and its environment. */
export interface TimerSpec {
  readonly node: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly everyMs: number;
  /** Variables the scheduled run needs that a timer's bare environment lacks (AWS_CONFIG_FILE, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** Where launchd and cron append the run's output. */
  readonly logFile: string;
}

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
  const named: Array<[string, string]> = [
    ["the node path", spec.node],
    ["the sso-sync script path", spec.script],
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
  for (const [where, path] of [
    ["the node path", spec.node],
    ["the sso-sync script path", spec.script],
  ] as const)
    if (!path.startsWith("/"))
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
  const command = [spec.node, spec.script, ...spec.args].map(execWord).join(" ");
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
    ...strings([spec.node, spec.script, ...spec.args]),
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
  const command = [...env, ...[spec.node, spec.script, ...spec.args].map(shellWord)].join(" ");
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
