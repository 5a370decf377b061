import { formatTimestamp } from "../../model/expiry.js";
import { failureJson } from "../../model/result.js";
import type { StatusReport } from "./status-command.js";
import { anyLoginNeeded } from "./status-plan.js";

/** `status --json`: one object per profile, no secrets, stable field names. */
export function statusJson(report: StatusReport, exitCode: number): string {
  const body = { version: 1, exitCode, ...statusFields(report) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The fields of `status --json` after `version` and `exitCode`. */
export function statusFields(report: StatusReport): Record<string, unknown> {
  const stamp = (date: Date | undefined) => (date === undefined ? null : formatTimestamp(date));
  const profiles = report.rows.map((row) => ({
    profile: row.profile,
    section: row.section,
    session: row.session ?? null,
    legacy: row.legacy,
    token: row.token,
    tokenExpiration: stamp(row.tokenExpiry),
    canRefresh: row.canRefresh,
    credentialExpiration: stamp(row.credentialExpiry),
    state: row.state,
    reason: row.reason ?? row.note ?? null,
    loginCommand: row.loginCommand ?? null,
    awsLoginCommand: row.awsLoginCommand ?? null,
  }));
  return {
    credentialsFile: report.credentialsFile,
    loginNeeded: anyLoginNeeded(report.rows),
    error: report.fatal === undefined ? null : failureJson(report.fatal),
    profiles,
  };
}
