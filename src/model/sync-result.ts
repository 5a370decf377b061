import { ExitCode } from "./exit-code.js";
import type { IniProblem } from "./ini-sections.js";
import type { AwsFailureCause, Failure } from "./result.js";
/** The outcome of one profile in a run. */
export type ProfileStatus = "synced" | "fresh" | "would-sync" | "login-needed" | "failed";

/**
 * Why one profile failed, in terms of what the user must do: the report's per-profile `failure`
 * (a state of that line; the run's own Failure is `fatal`).
 */
export type ProfileFailureKind = "config" | "unowned" | "duplicate" | AwsFailureCause | "write";

/** What happened to a section (or would, with --dry-run). */
export type SectionAction = "created" | "updated" | "took-over";

/** One profile's line in the report; never holds a secret. */
export interface ProfileResult {
  readonly profile: string;
  readonly section: string;
  readonly status: ProfileStatus;
  readonly action?: SectionAction;
  readonly expiration?: Date;
  readonly reason?: string;
  readonly failure?: ProfileFailureKind;
  /** For login-needed: the cache key (start URL or session) and the command that fixes it. */
  readonly tokenKey?: string;
  readonly loginCommand?: string;
  /** The AWS CLI's equivalent of `loginCommand`, when there is one. */
  readonly awsLoginCommand?: string;
  /** `--sso-session S` or `--profile P`: what `--login` logs in to. */
  readonly loginArgs?: readonly string[];
}

/** Everything a sync run has to say. */
export interface SyncReport {
  readonly credentialsFile: string;
  readonly dryRun: boolean;
  readonly results: readonly ProfileResult[];
  /** The failure that stopped the whole run (the profiles before it stay in the report). */
  readonly fatal?: Failure;
  readonly backupFile?: string;
  /**
   * What makes botocore reject the credentials file as it now is, outside sso-sync's sections
   * (a duplicated hand-written section, a duplicate key): every AWS CLI call would fail.
   */
  readonly fileProblems?: readonly IniProblem[];
}

/** The exit code for a sync-shaped report (sync, serve): fatal errors first, then login needed, then other failures. */
export function exitCodeFor(report: SyncReport): number {
  if (report.fatal !== undefined) return report.fatal.code;
  if (report.results.some((result) => result.status === "login-needed"))
    return ExitCode.loginNeeded;
  if (report.results.some((result) => result.status === "failed")) return ExitCode.profileFailed;
  if ((report.fileProblems ?? []).length > 0) return ExitCode.profileFailed;
  return ExitCode.ok;
}

/** The distinct logins (`--sso-session S` or `--profile P`) a report asks for, in report order. */
export function loginsNeeded(report: SyncReport): Array<readonly string[]> {
  const seen = new Map<string, readonly string[]>();
  for (const result of report.results) {
    if (result.status === "login-needed" && result.loginArgs !== undefined)
      seen.set(JSON.stringify(result.loginArgs), result.loginArgs);
  }
  return [...seen.values()];
}

/** Whether the text report has anything to say: with `quiet`, only problems are shown. */
export function needsText(report: SyncReport, quiet: boolean): boolean {
  if (!quiet || report.fatal !== undefined || (report.fileProblems ?? []).length > 0) return true;
  return report.results.some(
    (result) => result.status === "login-needed" || result.status === "failed",
  );
}
