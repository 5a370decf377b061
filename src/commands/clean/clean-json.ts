import { failureText } from "../../model/result.js";
import type { CleanReport } from "./clean-command.js";

/** `clean --json`: what was removed (or would be), what was left alone, and any error. */
export function cleanJson(report: CleanReport, exitCode: number): string {
  const body = {
    version: 1,
    exitCode,
    credentialsFile: report.credentialsFile,
    dryRun: report.dryRun,
    removed: report.remove,
    notOwned: report.notOwned,
    unmatched: report.unmatched,
    kept: report.kept,
    backups: report.backups,
    error: report.error === undefined ? null : failureText(report.error),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
