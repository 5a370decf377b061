import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../../io/files/atomic-write.js";
import { describeFsError } from "../../io/files/fs-error.js";
import { runTool } from "../../io/process/run-tool.js";
import { homeDirectory } from "../../model/aws-paths.js";
import { ExitCode } from "../../model/exit-code.js";
import { shellWord } from "../../model/shell-word.js";
import {
  crontabLine,
  LAUNCHD_LABEL,
  launchdPlist,
  MARKER,
  SCHTASKS_NAME,
  SYSTEMD_NAME,
  systemdService,
  systemdTimer,
  type TimerSpec,
  taskSchedulerXml,
  timerSpecProblem,
} from "./timer-units.js";

/** How the schedule is kept: a systemd user timer, a launchd agent, a crontab line, or a Windows task. */
export type TimerPlatform = "systemd" | "launchd" | "cron" | "schtasks";

/** What `timer` was asked to do. */
export interface TimerOptions {
  readonly action: "install" | "uninstall" | "status";
  readonly platform: TimerPlatform;
  readonly print: boolean;
  readonly everyMs: number;
  /** Sync flags for the scheduled run (--profile, --min-validity). */
  readonly syncArgs: readonly string[];
  /** `status --json`. */
  readonly json: boolean;
}

/** Where the schedule runs from. */
export interface TimerContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly osHome: string;
  readonly node: string;
  /** Absent for a standalone executable: `node` is sso-sync itself. */
  readonly script?: string;
  readonly uid: number;
  readonly now: () => Date;
}

/** Lines for stdout, lines for stderr, and the exit code. */
export interface TimerOutcome {
  readonly code: number;
  readonly out: readonly string[];
  readonly err: readonly string[];
}

interface TimerFile {
  readonly path: string;
  readonly text: string;
  /** Written as UTF-16 with a byte-order mark, as schtasks /XML reads it best. */
  readonly utf16?: boolean;
}

/** What a platform schedules with: files sso-sync writes, or a crontab line the user adds. */
type Schedule =
  | { readonly kind: "files"; readonly files: readonly TimerFile[] }
  | { readonly kind: "cron"; readonly line: string };

// The scheduled run's environment lacks the user's shell; these decide which files and endpoints it uses.
const PASSED_ENV = [
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_SSO",
  "AWS_ENDPOINT_URL_SSO_OIDC",
  // Chained roles call STS: its endpoint must follow the user's setting too.
  "AWS_ENDPOINT_URL_STS",
];

/** Installs, removes or describes the schedule for the platform. */
export async function runTimer(
  options: TimerOptions,
  context: TimerContext,
): Promise<TimerOutcome> {
  const home = homeDirectory(context.env, context.osHome);
  const spec = timerSpec(options, context, home);
  // A newline in --profile (or in AWS_CONFIG_FILE) would add a directive or a crontab entry;
  // uninstall and status write nothing, so they still work.
  const unwritable = options.action === "install" ? timerSpecProblem(spec) : undefined;
  if (unwritable !== undefined)
    return { code: ExitCode.usage, out: [], err: [`sso-sync: ${unwritable}`] };
  const planned = timerFiles(options.platform, spec, context, home);
  if (!planned.ok) return { code: ExitCode.usage, out: [], err: [`sso-sync: ${planned.error}`] };
  const { schedule } = planned;
  const platform = platformActions(options.platform, schedule, context.uid);
  if (options.print) return printed(options, schedule, platform);
  if (options.action === "install") return install(schedule, platform);
  if (options.action === "uninstall") return uninstall(schedule, platform);
  return status(schedule, platform, spec, context.now(), options.json);
}

function timerSpec(options: TimerOptions, context: TimerContext, home: string): TimerSpec {
  const env: Record<string, string> = {};
  for (const name of PASSED_ENV) {
    const value = context.env[name];
    if (value !== undefined && value !== "") env[name] = value;
  }
  const logFile =
    options.platform === "launchd"
      ? join(home, "Library", "Logs", "sso-sync.log")
      : options.platform === "schtasks"
        ? join(localAppData(context.env, home), "sso-sync", "sso-sync.log")
        : join(home, ".aws", "sso-sync.log");
  // Non-interactive and quiet: only what needs attention reaches the journal or log.
  const args = ["sync", "--quiet", "--notify", "--clean-expired", ...options.syncArgs];
  return {
    node: context.node,
    ...(context.script === undefined ? {} : { script: context.script }),
    args,
    everyMs: options.everyMs,
    env,
    logFile,
  };
}

function localAppData(env: TimerContext["env"], home: string): string {
  return env.LOCALAPPDATA || join(home, "AppData", "Local");
}

/** `2026-11-22T10:30:00` in local time, as a Task Scheduler StartBoundary without a zone is read. */
function localTimestamp(date: Date): string {
  const two = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

function timerFiles(
  platform: TimerPlatform,
  spec: TimerSpec,
  context: TimerContext,
  home: string,
): { ok: true; schedule: Schedule } | { ok: false; error: string } {
  const { env } = context;
  if (platform === "schtasks") {
    const { USERDOMAIN: domain, USERNAME: user } = env;
    const task = taskSchedulerXml(spec, {
      systemRoot: env.SystemRoot || env.SYSTEMROOT || "C:\\Windows",
      // A minute from now: the first run soon after install, as the systemd timer's OnActiveSec.
      start: localTimestamp(new Date(context.now().getTime() + 60_000)),
      ...(user ? { userId: domain ? `${domain}\\${user}` : user } : {}),
    });
    if (!task.ok) return task;
    const path = join(localAppData(env, home), "sso-sync", `${SCHTASKS_NAME}-task.xml`);
    return {
      ok: true,
      schedule: { kind: "files", files: [{ path, text: task.xml, utf16: true }] },
    };
  }
  if (platform === "cron") {
    const line = crontabLine(spec);
    return line.ok ? { ok: true, schedule: { kind: "cron", line: line.line } } : line;
  }
  if (platform === "launchd") {
    const path = join(home, "Library", "LaunchAgents", `${LAUNCHD_LABEL}.plist`);
    return { ok: true, schedule: { kind: "files", files: [{ path, text: launchdPlist(spec) }] } };
  }
  const config = env.XDG_CONFIG_HOME || join(home, ".config");
  const dir = join(config, "systemd", "user");
  const files = [
    { path: join(dir, `${SYSTEMD_NAME}.service`), text: systemdService(spec) },
    { path: join(dir, `${SYSTEMD_NAME}.timer`), text: systemdTimer(spec) },
  ];
  return { ok: true, schedule: { kind: "files", files } };
}

/** The commands that load and unload the schedule; the fakes in the tests record them. */
interface PlatformActions {
  readonly name: TimerPlatform;
  readonly load: ReadonlyArray<readonly string[]>;
  readonly unload: ReadonlyArray<readonly string[]>;
  /** After the files are removed (systemd forgets the units only on a reload). */
  readonly reload: ReadonlyArray<readonly string[]>;
  readonly logs: string;
}

function platformActions(
  platform: TimerPlatform,
  schedule: Schedule,
  uid: number,
): PlatformActions {
  if (platform === "launchd") {
    const plist = schedule.kind === "files" ? (schedule.files[0]?.path ?? "") : "";
    const domain = `gui/${uid}`;
    return {
      name: platform,
      load: [["launchctl", "bootstrap", domain, plist]],
      unload: [["launchctl", "bootout", domain, plist]],
      reload: [],
      logs: "",
    };
  }
  if (platform === "schtasks") {
    const xmlFile = schedule.kind === "files" ? (schedule.files[0]?.path ?? "") : "";
    const log = schedule.kind === "files" ? join(dirname(xmlFile), "sso-sync.log") : "";
    return {
      name: platform,
      load: [["schtasks", "/Create", "/TN", SCHTASKS_NAME, "/XML", xmlFile, "/F"]],
      unload: [["schtasks", "/Delete", "/TN", SCHTASKS_NAME, "/F"]],
      reload: [],
      logs: log,
    };
  }
  if (platform === "systemd") {
    return {
      name: platform,
      load: [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", `${SYSTEMD_NAME}.timer`],
      ],
      unload: [["systemctl", "--user", "disable", "--now", `${SYSTEMD_NAME}.timer`]],
      reload: [["systemctl", "--user", "daemon-reload"]],
      logs: `journalctl --user -u ${SYSTEMD_NAME}.service`,
    };
  }
  return { name: platform, load: [], unload: [], reload: [], logs: "" };
}

async function printed(
  options: TimerOptions,
  schedule: Schedule,
  platform: PlatformActions,
): Promise<TimerOutcome> {
  if (schedule.kind === "cron") return { code: ExitCode.ok, out: [schedule.line], err: [] };
  const { files } = schedule;
  const word = platform.name === "schtasks" ? windowsWord : shellWord;
  const shown = (commands: ReadonlyArray<readonly string[]>) =>
    commands.map((command) => command.map(word).join(" "));
  if (options.action === "install") {
    const definitions = files.flatMap((file) => [
      `# ${file.path}`,
      ...file.text.trimEnd().split(/\r?\n/),
      "",
    ]);
    return { code: ExitCode.ok, out: [...definitions, ...shown(platform.load)], err: [] };
  }
  // The same steps, in the same order, as a real uninstall: unload, remove, reload.
  const present = await presentFiles(files);
  if (present.length === 0)
    return { code: ExitCode.ok, out: ["no sso-sync timer is installed"], err: [] };
  const remove = platform.name === "schtasks" ? "del" : "rm";
  const removals = present.map((file) => `${remove} ${word(file.path)}`);
  return {
    code: ExitCode.ok,
    out: [...shown(platform.unload), ...removals, ...shown(platform.reload)],
    err: [],
  };
}

/** A word as cmd.exe and PowerShell read it: double-quoted when it holds a space or a special. */
function windowsWord(word: string): string {
  return /^[A-Za-z0-9_.,:\\/@+=-]+$/.test(word) ? word : `"${word}"`;
}

async function presentFiles(files: readonly TimerFile[]): Promise<TimerFile[]> {
  const present: TimerFile[] = [];
  for (const file of files) if (await exists(file.path)) present.push(file);
  return present;
}

async function install(schedule: Schedule, platform: PlatformActions): Promise<TimerOutcome> {
  if (schedule.kind === "cron") {
    const out = ["cron is managed by you: add this line with crontab -e", schedule.line];
    return { code: ExitCode.ok, out, err: [] };
  }
  const { files } = schedule;
  for (const file of files) {
    const refusal = await foreignFile(file.path);
    if (refusal !== undefined) return { code: ExitCode.writeFailed, out: [], err: [refusal] };
  }
  const foreign = await foreignTask(platform);
  if (foreign !== undefined) return { code: ExitCode.writeFailed, out: [], err: [foreign] };
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      await writeFileAtomic(file.path, file.utf16 ? utf16WithBom(file.text) : file.text);
    }
  } catch (error) {
    return {
      code: ExitCode.writeFailed,
      out: [],
      err: [`sso-sync: cannot write the timer: ${describeFsError(error)}`],
    };
  }
  if (platform.name === "launchd") for (const command of platform.unload) await run(command);
  const failed = await runAll(platform.load);
  if (failed !== undefined) {
    // A schedule that never loaded is not installed: take the files back so status says so.
    for (const file of files) await rm(file.path, { force: true });
    for (const command of platform.reload) await run(command);
    return {
      code: ExitCode.writeFailed,
      out: [],
      err: [failed, "sso-sync: nothing was installed"],
    };
  }
  const written = files.map((file) => `wrote ${file.path}`);
  const logs = platform.logs === "" ? [] : [`failures and login reminders go to: ${platform.logs}`];
  return { code: ExitCode.ok, out: [...written, "timer installed and started", ...logs], err: [] };
}

async function uninstall(schedule: Schedule, platform: PlatformActions): Promise<TimerOutcome> {
  if (schedule.kind === "cron") {
    return {
      code: ExitCode.ok,
      out: ["cron is managed by you: remove the line ending in '# sso-sync timer' with crontab -e"],
      err: [],
    };
  }
  const { files } = schedule;

  for (const file of files) {
    const refusal = await foreignFile(file.path);
    if (refusal !== undefined) return { code: ExitCode.writeFailed, out: [], err: [refusal] };
  }
  const present = await presentFiles(files);
  if (present.length === 0)
    return { code: ExitCode.ok, out: ["no sso-sync timer is installed"], err: [] };
  const foreign = await foreignTask(platform);
  if (foreign !== undefined) return { code: ExitCode.writeFailed, out: [], err: [foreign] };
  // Unloading fails when it is not loaded; removing the files is what matters.
  for (const command of platform.unload) await run(command);
  for (const file of present) await rm(file.path, { force: true });
  for (const command of platform.reload) await run(command);
  return {
    code: ExitCode.ok,
    out: [...present.map((file) => `removed ${file.path}`), "timer uninstalled"],
    err: [],
  };
}

/** What `timer status` found; the text and the JSON both come from it. */
export interface TimerStatus {
  readonly platform: TimerPlatform;
  readonly installed: boolean;
  readonly files: readonly string[];
  readonly nextRun?: string;
  readonly lastRun?: string;
  readonly lastResult?: string;
  readonly logs?: string;
  /** For cron: the line sso-sync would use (cron is managed by the user). */
  readonly cronLine?: string;
}

async function status(
  schedule: Schedule,
  platform: PlatformActions,
  spec: TimerSpec,
  now: Date,
  json: boolean,
): Promise<TimerOutcome> {
  const found = await timerStatus(schedule, platform, spec, now);
  if (json)
    return {
      code: ExitCode.ok,
      out: [JSON.stringify({ version: 1, exitCode: 0, ...found }, null, 2)],
      err: [],
    };
  return { code: ExitCode.ok, out: statusLines(found), err: [] };
}

async function timerStatus(
  schedule: Schedule,
  platform: PlatformActions,
  spec: TimerSpec,
  now: Date,
): Promise<TimerStatus> {
  if (schedule.kind === "cron")
    return { platform: platform.name, installed: false, files: [], cronLine: schedule.line };
  const { files } = schedule;
  const paths = files.map((file) => file.path);
  const installed = (await presentFiles(files)).length === files.length;
  if (!installed) return { platform: platform.name, installed, files: paths };
  const times = platform.name === "systemd" ? await systemdTimes() : await launchdTimes(spec, now);
  return { platform: platform.name, installed, files: paths, ...times };
}

function statusLines(found: TimerStatus): string[] {
  if (found.cronLine !== undefined)
    return ["cron is managed by you; sso-sync would use:", found.cronLine];
  if (!found.installed) return ["no sso-sync timer is installed (sso-sync timer install)"];
  return [
    ...found.files.map((path) => `installed: ${path}`),
    `next run: ${found.nextRun ?? "unknown"}`,
    `last run: ${found.lastRun ?? "none logged yet"}${found.lastResult === undefined ? "" : ` (${found.lastResult})`}`,
    `logs: ${found.logs ?? "unknown"}`,
  ];
}

async function systemdTimes(): Promise<Partial<TimerStatus>> {
  const timer = await run([
    "systemctl",
    "--user",
    "show",
    `${SYSTEMD_NAME}.timer`,
    "--property=NextElapseUSecRealtime,LastTriggerUSec",
  ]);
  const service = await run([
    "systemctl",
    "--user",
    "show",
    `${SYSTEMD_NAME}.service`,
    "--property=Result,ExecMainStatus",
  ]);
  const values = new Map(
    `${timer.stdout}\n${service.stdout}`
      .split("\n")
      .map((line) => line.split("=", 2) as [string, string | undefined])
      .filter(([, value]) => value !== undefined),
  );
  const shown = (key: string) => values.get(key) || "unknown";
  return {
    nextRun: shown("NextElapseUSecRealtime"),
    lastRun: shown("LastTriggerUSec"),
    lastResult: `result: ${shown("Result")}, exit ${shown("ExecMainStatus")}`,
    logs: `journalctl --user -u ${SYSTEMD_NAME}.service`,
  };
}

async function launchdTimes(spec: TimerSpec, now: Date): Promise<Partial<TimerStatus>> {
  const last = await stat(spec.logFile).catch(() => undefined);
  const next =
    last === undefined ? now : new Date(Math.max(now.getTime(), last.mtimeMs + spec.everyMs));
  return {
    nextRun: `about ${next.toISOString()}`,
    ...(last === undefined ? {} : { lastRun: `${last.mtime.toISOString()} (log modified)` }),
    logs: spec.logFile,
  };
}

function utf16WithBom(text: string): Uint8Array {
  return Buffer.from(`\uFEFF${text}`, "utf16le");
}

/** A file's text: UTF-16 when it starts with its byte-order mark (the task XML), else UTF-8. */
function decoded(bytes: Buffer): string {
  return bytes[0] === 0xff && bytes[1] === 0xfe
    ? bytes.subarray(2).toString("utf16le")
    : bytes.toString("utf8");
}

/**
 * A task named sso-sync that the Task Scheduler holds without our marker: someone else's, left
 * alone. A task that cannot be queried counts as absent (schtasks answers 1 for no such task).
 */
async function foreignTask(platform: PlatformActions): Promise<string | undefined> {
  if (platform.name !== "schtasks") return undefined;
  const query = await run(["schtasks", "/Query", "/TN", SCHTASKS_NAME, "/XML", "ONE"]);
  if (!isForeignTask(query.code, query.stdout)) return undefined;
  return `sso-sync: the Task Scheduler already has a task named ${SCHTASKS_NAME} that sso-sync timer install did not write; leaving it alone (delete or rename it first)`;
}

/** Whether a `schtasks /Query /XML` answer is a task definition without sso-sync's marker. */
export function isForeignTask(code: number, stdout: string): boolean {
  return code === 0 && stdout.includes("<Task") && !stdout.includes(MARKER);
}

async function foreignFile(path: string): Promise<string | undefined> {
  const bytes = await readFile(path).catch(() => undefined);
  const text = bytes === undefined ? undefined : decoded(bytes);
  if (text === undefined || text.includes(MARKER)) return undefined;
  return `sso-sync: ${path} exists and was not written by sso-sync timer install; leaving it alone (move it away first)`;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function run(command: readonly string[]) {
  const [file = "", ...args] = command;
  return runTool(file, args);
}

async function runAll(commands: ReadonlyArray<readonly string[]>): Promise<string | undefined> {
  for (const command of commands) {
    const result = await run(command);
    if (result.code === 0) continue;
    const said =
      result.code === 127
        ? "not found"
        : result.stderr.trim().split("\n")[0] || `exit ${result.code}`;
    const hint =
      command[0] === "systemctl"
        ? "; without a user session try: loginctl enable-linger $USER, or use --platform cron"
        : command[0] === "schtasks"
          ? "; is the Task Scheduler service running? (sc query Schedule)"
          : "";
    return `sso-sync: ${command.join(" ")} failed: ${said}${hint}`;
  }
  return undefined;
}
