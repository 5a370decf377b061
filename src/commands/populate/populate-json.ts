import { failureText } from "../../model/result.js";
import type { PopulateReport } from "./populate-command.js";

/** `populate --json`: every change (with the profile's lines), and any error. */
export function populateJson(report: PopulateReport, exitCode: number): string {
  const body = { version: 1, exitCode, ...populateFields(report) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The fields of `populate --json` after `version` and `exitCode`. */
export function populateFields(report: PopulateReport): Record<string, unknown> {
  return {
    configFile: report.configFile || null,
    session: report.session,
    dryRun: report.dryRun,
    changes: report.changes.map((change) => ({
      kind: change.kind,
      profile: change.profile,
      accountId: change.accountId ?? null,
      roleName: change.roleName ?? null,
      lines: change.lines,
    })),
    error: report.error === undefined ? null : failureText(report.error),
  };
}
