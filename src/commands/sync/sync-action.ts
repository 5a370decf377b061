import { notifyDesktop } from "../../io/process/notify.js";
import { ExitCode } from "../../model/exit-code.js";
import { failureText } from "../../model/result.js";
import { type CommandContext, unwatched } from "../../model/run-context.js";
import { exitCodeFor, type SyncReport } from "../../model/sync-result.js";
import { runClean } from "../clean/clean-command.js";
import { loginForReport } from "../login/login-for-report.js";
import { printSyncReport, type ReportStyle } from "./print-report.js";
import type { SyncOptions } from "./sync-command.js";
import { runSync } from "./sync-command.js";

/** `sync` as typed: the sync itself plus what to do around it. */
export interface SyncActionOptions extends SyncOptions, ReportStyle {
  /** Log in (as `sso-sync login`) when a session needs it and a person is at the terminal. */
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
  const run = options.json || options.quiet ? unwatched(context) : context;
  let report = await runSync(options, run);
  if (options.login && exitCodeFor(report) === ExitCode.loginNeeded) {
    const login = await loginForReport(report, run);
    if (typeof login === "object") return login.code;
    if (login === "logged-in") report = await runSync(options, run);
  }
  await printSyncReport(report, options, context.console, context.now());
  const code = exitCodeFor(report);
  if (options.cleanExpired && report.fatal === undefined && !options.dryRun)
    await cleanExpired(options, context);
  if (options.notify && code === ExitCode.loginNeeded) await notifyLogin(report, context);
  return code;
}

/**
 * --clean-expired: sections still expired after the sync could not be renewed; Go and JS SDKs
 * would use them before SSO and fail, so they go.
 */
async function cleanExpired(options: SyncActionOptions, context: CommandContext): Promise<void> {
  const cleaned = await runClean(
    {
      sections: [],
      expiredOnly: true,
      dryRun: false,
      lockTimeoutSeconds: options.lockTimeoutSeconds,
      ...(options.inPlace === true ? { inPlace: true } : {}),
    },
    context,
  );
  if (cleaned.error !== undefined) context.console.err(`sso-sync: ${failureText(cleaned.error)}\n`);
  else if (cleaned.remove.length > 0 && !options.quiet)
    context.console.err(
      `sso-sync: removed expired ${cleaned.remove.map((name) => `[${name}]`).join(", ")}\n`,
    );
}

async function notifyLogin(report: SyncReport, context: CommandContext): Promise<void> {
  const commands = report.results.flatMap((result) => result.loginCommand ?? []);
  const message = `SSO login needed: run ${[...new Set(commands)].join(" and ")}`;
  await notifyDesktop("sso-sync", message, context.platform);
}
