import { formatTimestamp } from "../../model/expiry.js";
import { failureJson } from "../../model/result.js";
import { exitCodeFor, type SyncReport } from "../../model/sync-result.js";

/** The machine-readable report printed by --json (no secrets; stable field names). */
export function reportJson(report: SyncReport): string {
  const profiles = report.results.map((result) => ({
    profile: result.profile,
    section: result.section,
    status: result.status,
    action: result.action ?? null,
    expiration: result.expiration === undefined ? null : formatTimestamp(result.expiration),
    failure: result.failure ?? null,
    reason: result.reason ?? null,
    loginCommand: result.loginCommand ?? null,
    awsLoginCommand: result.awsLoginCommand ?? null,
  }));
  const body = {
    version: 1,
    exitCode: exitCodeFor(report),
    credentialsFile: report.credentialsFile,
    dryRun: report.dryRun,
    backupFile: report.backupFile ?? null,
    error: report.fatal === undefined ? null : failureJson(report.fatal),
    fileProblems: report.fileProblems ?? [],
    profiles,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
