#!/usr/bin/env node
import { readFileSync, realpathSync } from "node:fs";
import { homedir, constants as osConstants } from "node:os";
import { cac } from "cac";
import { DEFAULTS, durationFlag, type RawSyncFlags, toSyncOptions } from "./cli/flags.js";
import { rawOptionValues } from "./cli/raw-option.js";
import type { EnvFormat } from "./commands/serve/env-format.js";
import type { SyncOptions } from "./commands/sync/sync-command.js";
import { ExitCode } from "./model/exit-code.js";
import type { RoleHop } from "./model/profile-types.js";
import type { RunContext } from "./model/run-context.js";
import { exitCodeFor, loginsNeeded, needsText, type SyncReport } from "./model/sync-result.js";
import { UsageError } from "./model/usage-error.js";

// Every command loads its modules on first use: a hook's all-fresh `sso-sync --quiet` should cost
// little more than starting node (see `npm run bench`).

type Cac = ReturnType<typeof cac>;
type Command = ReturnType<Cac["command"]>;
type Run = (run: Promise<number>) => void;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function context(): RunContext {
  const base = { env: process.env, osHome: homedir(), now: () => new Date() };
  // Only a person can type an MFA code: never prompt from cron, hooks or CI.
  return interactive() ? { ...base, mfaPrompt: askMfaCode } : base;
}

function interactive(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

let prompting: Promise<unknown> = Promise.resolve();

/** Asks for one MFA code on the terminal; prompts for several profiles come one after another. */
function askMfaCode(hop: RoleHop): Promise<string | undefined> {
  const asked = prompting.then(async () => {
    const { createInterface } = await import("node:readline/promises");
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const code = await terminal.question(
        `MFA code for ${hop.mfaSerial} (profile ${hop.profile}): `,
      );
      return code.trim() === "" ? undefined : code.trim();
    } finally {
      terminal.close();
    }
  });
  prompting = asked.catch(() => undefined);
  return asked;
}

function useColor(): boolean {
  const noColor = process.env.NO_COLOR;
  return process.stderr.isTTY === true && (noColor === undefined || noColor === "");
}

function profilesOf(argv: readonly string[]): string[] {
  return rawOptionValues(argv.slice(2), "--profile");
}

async function sync(flags: RawSyncFlags, argv: readonly string[]): Promise<number> {
  const options = toSyncOptions(flags, profilesOf(argv));
  const { runSync } = await import("./commands/sync/sync-command.js");
  let report = await runSync(options, context());
  if (flags.login === true && exitCodeFor(report) === ExitCode.loginNeeded)
    report = await loginAndRetry(report, options);
  await printSyncReport(report, flags);
  const code = exitCodeFor(report);
  if (flags.cleanExpired === true && report.fatal === undefined && !options.dryRun)
    await cleanExpired(options, flags.quiet === true);
  if (flags.notify === true && code === ExitCode.loginNeeded) {
    const commands = report.results.flatMap((result) => result.loginCommand ?? []);
    const message = `SSO login needed: run ${[...new Set(commands)].join(" and ")}`;
    const { notifyDesktop } = await import("./io/process/notify.js");
    await notifyDesktop("sso-sync", message, process.platform);
  }
  return code;
}

/**
 * --clean-expired (the timer's choice): sections that are still expired after the sync could not
 * be renewed; Go and JS SDKs would use them before SSO and fail, so they go.
 */
async function cleanExpired(options: SyncOptions, quiet: boolean): Promise<void> {
  const { runClean } = await import("./commands/clean/clean-command.js");
  const cleaned = await runClean(
    {
      sections: [],
      expiredOnly: true,
      dryRun: false,
      lockTimeoutSeconds: options.lockTimeoutSeconds,
    },
    context(),
  );
  if (cleaned.error !== undefined) process.stderr.write(`sso-sync: ${cleaned.error}\n`);
  else if (cleaned.remove.length > 0 && !quiet)
    process.stderr.write(
      `sso-sync: removed expired ${cleaned.remove.map((name) => `[${name}]`).join(", ")}\n`,
    );
}

/** --login: only with a person at the terminal; never from cron, hooks or CI. */
async function loginAndRetry(report: SyncReport, options: SyncOptions): Promise<SyncReport> {
  if (!interactive()) {
    process.stderr.write("sso-sync: --login needs an interactive terminal; not logging in\n");
    return report;
  }
  const { runAwsLogin } = await import("./io/process/login-runner.js");
  for (const args of loginsNeeded(report)) {
    process.stderr.write(`sso-sync: running aws ${args.join(" ")}\n`);
    const code = await runAwsLogin(args, process.env);
    if (code !== 0) process.stderr.write(`sso-sync: aws ${args.join(" ")} failed (exit ${code})\n`);
  }
  const { runSync } = await import("./commands/sync/sync-command.js");
  return runSync(options, context());
}

async function printSyncReport(report: SyncReport, flags: RawSyncFlags): Promise<void> {
  if (flags.json === true) {
    const { reportJson } = await import("./commands/sync/report-json.js");
    process.stdout.write(reportJson(report));
    return;
  }
  const style = { quiet: flags.quiet === true, color: useColor() };
  if (!needsText(report, style.quiet)) return;
  const { formatReport } = await import("./commands/sync/report-text.js");
  const lines = formatReport(report, new Date(), style);
  if (lines.length > 0) process.stderr.write(`${lines.join("\n")}\n`);
}

interface StatusFlags {
  json?: boolean;
  minValidity?: unknown;
}

async function status(flags: StatusFlags, argv: readonly string[]): Promise<number> {
  const minValidityMs = durationFlag("--min-validity", flags.minValidity ?? DEFAULTS.minValidity);
  const { runStatus } = await import("./commands/status/status-command.js");
  const { anyLoginNeeded } = await import("./commands/status/status-plan.js");
  const report = await runStatus({ profiles: profilesOf(argv), minValidityMs }, context());
  const code =
    report.fatal !== undefined
      ? report.fatal.kind === "write"
        ? ExitCode.writeFailed
        : ExitCode.usage
      : anyLoginNeeded(report.rows)
        ? ExitCode.loginNeeded
        : ExitCode.ok;
  if (flags.json === true) {
    const { statusJson } = await import("./commands/status/status-json.js");
    process.stdout.write(statusJson(report, code));
  } else if (report.fatal !== undefined) {
    process.stderr.write(`sso-sync: ${report.fatal.message}\n`);
  } else {
    const { formatStatus } = await import("./commands/status/status-text.js");
    process.stdout.write(`${formatStatus(report, new Date()).join("\n")}\n`);
  }
  return code;
}

async function doctor(flags: { json?: boolean }): Promise<number> {
  const { runDoctor } = await import("./commands/doctor/doctor-command.js");
  const { doctorJson, formatDoctor } = await import("./commands/doctor/doctor-output.js");
  const report = await runDoctor(context());
  const failed = report.findings.some((finding) => finding.severity === "error");
  const code = failed ? ExitCode.doctorErrors : ExitCode.ok;
  if (flags.json === true) process.stdout.write(doctorJson(report, code));
  else process.stdout.write(`${formatDoctor(report).join("\n")}\n`);
  return code;
}

interface TimerFlags {
  every?: unknown;
  print?: boolean;
  platform?: unknown;
  minValidity?: unknown;
}

async function timer(action: string, flags: TimerFlags, argv: readonly string[]): Promise<number> {
  if (action !== "install" && action !== "uninstall" && action !== "status")
    throw new UsageError(`timer takes install, uninstall or status, not '${action}'`);
  const platform = String(flags.platform ?? defaultPlatform(process.platform));
  if (platform !== "systemd" && platform !== "launchd" && platform !== "cron")
    throw new UsageError(`--platform takes systemd, launchd or cron, not '${platform}'`);
  const everyMs = durationFlag("--every", flags.every ?? "30m");
  if (everyMs < 60_000) throw new UsageError("--every must be at least 1m");
  const syncArgs = profilesOf(argv).flatMap((profile) => ["--profile", profile]);
  if (flags.minValidity !== undefined) {
    durationFlag("--min-validity", flags.minValidity);
    syncArgs.push("--min-validity", String(flags.minValidity));
  }
  const options = { action, platform, print: flags.print === true, everyMs, syncArgs } as const;
  const { runTimer } = await import("./commands/timer/timer-command.js");
  const outcome = await runTimer(options, {
    ...context(),
    node: process.execPath,
    script: realpathSync(argv[1] ?? ""),
    uid: process.getuid?.() ?? 0,
  });
  if (outcome.out.length > 0) process.stdout.write(`${outcome.out.join("\n")}\n`);
  if (outcome.err.length > 0) process.stderr.write(`${outcome.err.join("\n")}\n`);
  return outcome.code;
}

function defaultPlatform(platform: NodeJS.Platform): string {
  return platform === "linux" ? "systemd" : platform === "darwin" ? "launchd" : "cron";
}

interface ServeFlags {
  format?: unknown;
  minValidity?: unknown;
  force?: boolean;
  timeout?: unknown;
  lockTimeout?: unknown;
  "--"?: string[];
}

/** env, exec and process: exactly one profile's credentials, served like sync would. */
async function serve(flags: ServeFlags, argv: readonly string[]) {
  const [profile, ...extra] = profilesOf(argv);
  if (profile === undefined || extra.length > 0)
    throw new UsageError("name exactly one profile with --profile");
  const options = toSyncOptions(flags, [profile]);
  const { serveCredentials } = await import("./commands/serve/serve-credentials.js");
  const served = await serveCredentials({ ...options, profile }, context());
  if (!served.ok) {
    // stdout stays empty: SDKs parse credential_process output, shells eval env output.
    await printSyncReport(served.report, { quiet: true });
    return { code: exitCodeFor(served.report) };
  }
  const { credentialVariables } = await import("./commands/serve/env-format.js");
  const variables = credentialVariables(served.credentials, served.profileName, served.region);
  return { code: ExitCode.ok, served, variables };
}

async function env(flags: ServeFlags, argv: readonly string[]): Promise<number> {
  const { ENV_FORMATS, formatEnv, processJson } = await import("./commands/serve/env-format.js");
  const format = String(flags.format ?? "sh");
  if (!(ENV_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format takes ${ENV_FORMATS.join(", ")}, not '${format}'`);
  const result = await serve(flags, argv);
  if (result.served === undefined) return result.code;
  process.stdout.write(
    format === "json"
      ? processJson(result.served.credentials)
      : formatEnv(result.variables, format as Exclude<EnvFormat, "json">),
  );
  return ExitCode.ok;
}

async function credentialProcess(flags: ServeFlags, argv: readonly string[]): Promise<number> {
  const result = await serve(flags, argv);
  if (result.served === undefined) return result.code;
  const { processJson } = await import("./commands/serve/env-format.js");
  process.stdout.write(processJson(result.served.credentials));
  return ExitCode.ok;
}

async function exec(flags: ServeFlags, argv: readonly string[]): Promise<number> {
  const [command, ...args] = flags["--"] ?? [];
  if (command === undefined)
    throw new UsageError("give the command after --: sso-sync exec --profile P -- COMMAND");
  const { PROFILE_MARKER } = await import("./commands/serve/env-format.js");
  const outer = process.env[PROFILE_MARKER];
  const wanted = profilesOf(argv)[0] ?? "";
  if (outer !== undefined && outer !== "" && outer !== wanted.split(":")[0]) {
    process.stderr.write(
      `sso-sync: this shell already holds sso-sync credentials for profile ${outer}; exit it first (or unset ${PROFILE_MARKER}) to use ${wanted}\n`,
    );
    return ExitCode.usage;
  }
  const result = await serve(flags, argv);
  if (result.served === undefined) return result.code;
  const { childEnvironment } = await import("./commands/serve/exec-environment.js");
  const { runChild } = await import("./io/process/exec-runner.js");
  const end = await runChild(command, args, childEnvironment(process.env, result.variables));
  if ("error" in end) process.stderr.write(`sso-sync: ${end.error}\n`);
  if ("signal" in end) {
    // Die of the same signal, so our parent sees what the child's parent would have seen.
    process.kill(process.pid, end.signal);
    return 128 + (osConstants.signals[end.signal] ?? 0);
  }
  return end.code;
}

interface CleanFlags {
  expired?: boolean;
  dryRun?: boolean;
  lockTimeout?: unknown;
}

async function clean(flags: CleanFlags, argv: readonly string[]): Promise<number> {
  const { runClean } = await import("./commands/clean/clean-command.js");
  const report = await runClean(
    {
      sections: profilesOf(argv),
      expiredOnly: flags.expired === true,
      dryRun: flags.dryRun === true,
      lockTimeoutSeconds: toSyncOptions(flags, []).lockTimeoutSeconds,
    },
    context(),
  );
  const { formatClean } = await import("./commands/clean/clean-text.js");
  process.stderr.write(`${formatClean(report).join("\n")}\n`);
  if (report.error !== undefined) return ExitCode.writeFailed;
  return report.notOwned.length > 0 ? ExitCode.profileFailed : ExitCode.ok;
}

interface OrgFlags {
  json?: boolean;
  template?: unknown;
  region?: unknown;
  output?: unknown;
  prune?: boolean;
  dryRun?: boolean;
  concurrency?: unknown;
  timeout?: unknown;
  lockTimeout?: unknown;
}

/** --sso-session / --profile, read as typed (cac would turn a numeric name into a number). */
function listingFlags(flags: OrgFlags, argv: readonly string[]) {
  const single = (name: string) => {
    const values = rawOptionValues(argv.slice(2), name);
    if (values.length > 1) throw new UsageError(`give ${name} once`);
    return values[0];
  };
  const session = single("--sso-session");
  const profile = single("--profile");
  const options = toSyncOptions(flags, []);
  return {
    ...(session === undefined ? {} : { session }),
    ...(profile === undefined ? {} : { profile }),
    concurrency: options.concurrency,
    timeoutSeconds: options.timeoutSeconds,
    lockTimeoutSeconds: options.lockTimeoutSeconds,
  };
}

async function accounts(flags: OrgFlags, argv: readonly string[]): Promise<number> {
  const { runAccounts } = await import("./commands/accounts/accounts-command.js");
  const report = await runAccounts(listingFlags(flags, argv), context());
  if (!report.ok) {
    process.stderr.write(`sso-sync: ${report.message}\n`);
    return report.code;
  }
  const { accountsJson, formatAccounts } = await import("./commands/accounts/accounts-output.js");
  process.stdout.write(
    flags.json === true
      ? accountsJson(report.label, report.rows)
      : `${formatAccounts(report.label, report.rows).join("\n")}\n`,
  );
  return ExitCode.ok;
}

async function populate(flags: OrgFlags, argv: readonly string[]): Promise<number> {
  const listing = listingFlags(flags, argv);
  if (listing.session === undefined) throw new UsageError("populate needs --sso-session NAME");
  const { DEFAULT_TEMPLATE } = await import("./commands/populate/populate-plan.js");
  const text = (value: unknown) => (value === undefined ? undefined : String(value));
  const region = text(flags.region);
  const output = text(flags.output);
  const { runPopulate } = await import("./commands/populate/populate-command.js");
  const report = await runPopulate(
    {
      ...listing,
      session: listing.session,
      template: text(flags.template) ?? DEFAULT_TEMPLATE,
      ...(region === undefined ? {} : { region }),
      ...(output === undefined ? {} : { output }),
      accounts: rawOptionValues(argv.slice(2), "--account"),
      roles: rawOptionValues(argv.slice(2), "--role"),
      prune: flags.prune === true,
      dryRun: flags.dryRun === true,
    },
    context(),
  );
  const { formatPopulate } = await import("./commands/populate/populate-text.js");
  process.stderr.write(`${formatPopulate(report).join("\n")}\n`);
  if (report.error !== undefined) return report.error.code;
  return report.changes.some((change) => change.kind === "clash")
    ? ExitCode.profileFailed
    : ExitCode.ok;
}

function orgOptions(command: Command): Command {
  return command
    .option("--sso-session <name>", "The [sso-session] whose token to use")
    .option("--concurrency <n>", "Portal requests in flight at most", {
      default: DEFAULTS.concurrency,
    })
    .option("--timeout <seconds>", "Give up on one portal request after this long", {
      default: DEFAULTS.timeoutSeconds,
    })
    .option("--lock-timeout <seconds>", "Wait this long for another sso-sync to release a file", {
      default: DEFAULTS.lockTimeoutSeconds,
    });
}

function profileOption(command: Command): Command {
  return command.option(
    "--profile <name>",
    "Profile to use; repeat it, use globs (team-*), or SRC:DEST to write SRC into [DEST]",
    { type: [String] },
  );
}

function syncOptions(command: Command): Command {
  return profileOption(command)
    .option("--min-validity <duration>", "Skip sections valid for at least this long (30m, 2h)", {
      default: DEFAULTS.minValidity,
    })
    .option("--force", "Fetch every selected profile, however fresh its section is")
    .option("--concurrency <n>", "Portal requests in flight at most", {
      default: DEFAULTS.concurrency,
    })
    .option(
      "--timeout <seconds>",
      "Give up on one portal request (retries included) after this long",
      {
        default: DEFAULTS.timeoutSeconds,
      },
    )
    .option("--lock-timeout <seconds>", "Wait this long for another sso-sync to release a file", {
      default: DEFAULTS.lockTimeoutSeconds,
    })
    .option(
      "--take-over",
      "Replace a section that sso-sync did not write (the file is backed up first)",
    )
    .option("--dry-run", "Say what would change; call no portal and write nothing")
    .option("--login", "When a session needs login and you are at a terminal, run aws sso login")
    .option("--notify", "When a session needs login, also show a desktop notification")
    .option("--clean-expired", "Afterwards remove owned sections that are still expired")
    .option("--json", "Print a machine-readable report (no secrets) on stdout")
    .option("-q, --quiet", "Print only what needs attention");
}

function serveOptions(command: Command): Command {
  return profileOption(command)
    .option("--format <format>", "env: sh, fish, powershell, cmd, dotenv or json", {
      default: "sh",
    })
    .option(
      "--min-validity <duration>",
      "Serve the section offline when valid this long (30m, 2h)",
      {
        default: DEFAULTS.minValidity,
      },
    )
    .option("--force", "Fetch new credentials even when the section is fresh")
    .option("--timeout <seconds>", "Give up on the portal after this long", {
      default: DEFAULTS.timeoutSeconds,
    })
    .option("--lock-timeout <seconds>", "Wait this long for another sso-sync to release a file", {
      default: DEFAULTS.lockTimeoutSeconds,
    });
}

function buildCli(argv: readonly string[], onRun: Run): Cac {
  const cli = cac("sso-sync");
  for (const register of [syncCommands, inspectCommands, serveCommands, orgCommands, timerCommand])
    register(cli, argv, onRun);
  cli.help();
  cli.version(version());
  return cli;
}

function syncCommands(cli: Cac, argv: readonly string[], onRun: Run): void {
  for (const [name, description] of [
    ["", "Sync every SSO profile (or the --profile ones) into ~/.aws/credentials"],
    ["sync", "Same as running sso-sync with no command"],
  ] as const) {
    syncOptions(cli.command(name, description)).action((flags: RawSyncFlags) =>
      onRun(sync(flags, argv)),
    );
  }
  cli
    .command("clean", "Remove sections sso-sync wrote (all, the --profile ones, or --expired ones)")
    .option("--profile <section>", "Section to remove; repeat it, globs work", { type: [String] })
    .option("--expired", "Remove only sections whose credentials have expired")
    .option("--dry-run", "Say what would be removed; change nothing")
    .option("--lock-timeout <seconds>", "Wait this long for another sso-sync to release the file", {
      default: DEFAULTS.lockTimeoutSeconds,
    })
    .action((flags: CleanFlags) => onRun(clean(flags, argv)));
}

function inspectCommands(cli: Cac, argv: readonly string[], onRun: Run): void {
  profileOption(
    cli.command("status", "Show each SSO profile's session, section and expiry (no network)"),
  )
    .option("--min-validity <duration>", "Call a section expiring within this long 'expiring'", {
      default: DEFAULTS.minValidity,
    })
    .option("--json", "Print the status as JSON on stdout")
    .action((flags: StatusFlags) => onRun(status(flags, argv)));
  cli
    .command("doctor", "Find what makes AWS tools use the wrong identity or fail, and say the fix")
    .option("--json", "Print the findings as JSON on stdout")
    .action((flags: { json?: boolean }) => onRun(doctor(flags)));
}

function serveCommands(cli: Cac, argv: readonly string[], onRun: Run): void {
  for (const [name, description, action] of [
    [
      "env",
      "Print one profile's credentials for eval (--format sh, fish, powershell, cmd, dotenv, json)",
      env,
    ],
    [
      "exec [...command]",
      "Run a command with one profile's credentials: sso-sync exec --profile P -- COMMAND",
      exec,
    ],
    [
      "process",
      "Print credential_process JSON for one profile (credential_process = sso-sync process --profile P)",
      credentialProcess,
    ],
  ] as const) {
    serveOptions(cli.command(name, description)).action((...params: unknown[]) =>
      onRun(action(params.at(-1) as ServeFlags, argv)),
    );
  }
}

function orgCommands(cli: Cac, argv: readonly string[], onRun: Run): void {
  orgOptions(cli.command("accounts", "List every account and role your SSO session may use"))
    .option("--profile <name>", "Use this SSO profile's session instead of --sso-session")
    .option("--json", "Print the assignments as JSON on stdout")
    .action((flags: OrgFlags) => onRun(accounts(flags, argv)));
  orgOptions(cli.command("populate", "Write one profile per account and role into ~/.aws/config"))
    .option(
      "--template <text>",
      "Profile name: {account_name}, {account_id}, {role_name}, {email}",
      {
        default: "{account_name}.{role_name}",
      },
    )
    .option("--region <region>", "region = for every populated profile")
    .option("--output <format>", "output = for every populated profile")
    .option("--account <glob>", "Only accounts whose id or name matches; repeat it", {
      type: [String],
    })
    .option("--role <glob>", "Only roles whose name matches; repeat it", { type: [String] })
    .option("--prune", "Remove populated profiles whose assignment is gone")
    .option("--dry-run", "Show the diff; change nothing")
    .action((flags: OrgFlags) => onRun(populate(flags, argv)));
}

function timerCommand(cli: Cac, argv: readonly string[], onRun: Run): void {
  profileOption(
    cli.command("timer <action>", "install | uninstall | status: run sso-sync on a schedule"),
  )
    .option("--every <duration>", "How often the scheduled sync runs", { default: "30m" })
    .option("--min-validity <duration>", "Passed to the scheduled sync")
    .option("--platform <name>", "systemd, launchd or cron (default: this machine's)")
    .option("--print", "Print what would be installed or removed; change nothing")
    .action((action: string, flags: TimerFlags) => onRun(timer(action, flags, argv)));
}

async function main(argv: string[]): Promise<number> {
  let run: Promise<number> | undefined;
  try {
    const cli = buildCli(argv, (started) => {
      run = started;
    });
    cli.parse(argv, { run: false });
    if (cli.options.help === true || cli.options.version === true) return ExitCode.ok;
    cli.runMatchedCommand();
    return run === undefined ? ExitCode.ok : await run;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof UsageError || (error instanceof Error && error.name === "CACError")) {
    const message = error.message.replace(/^Unused args: /, "unknown command or argument: ");
    process.stderr.write(`sso-sync: ${message} (see sso-sync --help)\n`);
    return ExitCode.usage;
  }
  const debug = process.env.DEBUG !== undefined && process.env.DEBUG !== "";
  const detail =
    debug && error instanceof Error ? `\n${error.stack}` : " (set DEBUG=1 for details)";
  process.stderr.write(
    `sso-sync: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`,
  );
  return ExitCode.internal;
}

// We pin an SDK release that supports Node 20 (package-lock.json); its notice that later releases
// will not is for SDK users, not for people running this tool, and would break "quiet when all is well".
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// `sso-sync status | head -1` closes our stdout early; that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});
process.exitCode = await main(process.argv);
