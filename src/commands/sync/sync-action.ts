import { ExitCode } from "../../model/exit-code.js";
import { type CommandContext, unwatched } from "../../model/run-context.js";
import { exitCodeFor, loginsNeeded, type SyncReport } from "../../model/sync-result.js";
import { printSyncReport, type ReportStyle } from "./print-report.js";
import type { SyncOptions } from "./sync-command.js";

/** `sync` as typed: the sync itself plus what to do around it. */
export interface SyncActionOptions extends SyncOptions, ReportStyle {
  /** Log in (aws sso login) when a session needs it and a person is at the terminal. */
  readonly login: boolean;
  /** Show a desktop notification when a login is needed (the timer's choice). */
  readonly notify: boolean;
  /** Afterwards remove owned sections that are still expired (the timer's choice). */
  readonly cleanExpired: boolean;
}

/** Runs `sso-sync [sync]`: sync, optional login and retry, report, clean-up, notification. */
export async function syncAction(
  options: SyncActionOptions,
  context: CommandContext,
): Promise<number> {
  const { runSync } = await import("./sync-command.js");
  const run = options.json || options.quiet ? unwatched(context) : context;
  let report = await runSync(options, run);
  if (options.login && exitCodeFor(report) === ExitCode.loginNeeded)
    report = await loginAndRetry(report, options, run);
  await printSyncReport(report, options, context.console, context.now());
  const code = exitCodeFor(report);
  if (options.cleanExpired && report.fatal === undefined && !options.dryRun)
    await cleanExpired(options, context);
  if (options.notify && code === ExitCode.loginNeeded) await notifyLogin(report, context);
  return code;
}

/** --login: only with a person at the terminal; never from cron, hooks or CI. */
async function loginAndRetry(
  report: SyncReport,
  options: SyncOptions,
  context: CommandContext,
): Promise<SyncReport> {
  const say = context.console.err;
  if (!context.console.interactive) {
    say("sso-sync: --login needs an interactive terminal; not logging in\n");
    return report;
  }
  const { awsCliNotV2, runAwsLogin } = await import("../../io/process/login-runner.js");
  const wrongCli = await awsCliNotV2();
  if (wrongCli !== undefined) {
    say(`sso-sync: --login needs AWS CLI v2 (aws sso login); ${wrongCli}; not logging in\n`);
    return report;
  }
  for (const args of loginsNeeded(report)) {
    say(`sso-sync: running aws ${args.join(" ")}\n`);
    const code = await runAwsLogin(args, context.env);
    if (code !== 0) say(`sso-sync: aws ${args.join(" ")} failed (exit ${code})\n`);
  }
  const { runSync } = await import("./sync-command.js");
  return runSync(options, context);
}

/**
 * --clean-expired: sections still expired after the sync could not be renewed; Go and JS SDKs
 * would use them before SSO and fail, so they go.
 */
async function cleanExpired(options: SyncActionOptions, context: CommandContext): Promise<void> {
  const { runClean } = await import("../clean/clean-command.js");
  const cleaned = await runClean(
    {
      sections: [],
      expiredOnly: true,
      dryRun: false,
      lockTimeoutSeconds: options.lockTimeoutSeconds,
    },
    context,
  );
  if (cleaned.error !== undefined) context.console.err(`sso-sync: ${cleaned.error}\n`);
  else if (cleaned.remove.length > 0 && !options.quiet)
    context.console.err(
      `sso-sync: removed expired ${cleaned.remove.map((name) => `[${name}]`).join(", ")}\n`,
    );
}

async function notifyLogin(report: SyncReport, context: CommandContext): Promise<void> {
  const commands = report.results.flatMap((result) => result.loginCommand ?? []);
  const message = `SSO login needed: run ${[...new Set(commands)].join(" and ")}`;
  const { notifyDesktop } = await import("../../io/process/notify.js");
  await notifyDesktop("sso-sync", message, context.platform);
}
