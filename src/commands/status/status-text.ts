import { loginAdvice } from "../../model/sso-profiles.js";
import { columnTable } from "../shared/column-table.js";
import { whenPhrase } from "../shared/time-phrase.js";
import type { StatusReport } from "./status-command.js";
import type { StatusRow } from "./status-plan.js";

const HEADINGS = ["PROFILE", "SESSION", "TOKEN", "SECTION", "CREDENTIALS", "STATE"] as const;

/** The `status` table and, below it, one line per session that needs a login; pure. */
export function formatStatus(report: StatusReport, now: Date): string[] {
  const cells = report.rows.map((row) => [
    row.profile,
    row.session === undefined ? "-" : row.legacy ? `${row.session} (legacy)` : row.session,
    tokenCell(row, now),
    `[${row.section}]`,
    row.credentialExpiry === undefined ? "-" : whenPhrase(row.credentialExpiry, now),
    row.note === undefined ? row.state : `${row.state}: ${row.note}`,
  ]);
  return [...columnTable([[...HEADINGS], ...cells]), ...notes(report.rows)];
}

function tokenCell(row: StatusRow, now: Date): string {
  const refresh = row.canRefresh ? ", refreshable" : "";
  switch (row.token) {
    case "valid":
      return `${row.tokenExpiry === undefined ? "valid" : `valid until ${whenPhrase(row.tokenExpiry, now)}`}${refresh}`;
    case "refreshable":
      // No current token: it has expired already, and the next sync refreshes it.
      return row.tokenExpiry === undefined || row.tokenExpiry <= now
        ? "expired, will be refreshed"
        : `expiring ${whenPhrase(row.tokenExpiry, now)}, will be refreshed`;
    case "login-needed":
      return "login needed";
    case "unknown":
      return "-";
  }
}

function notes(rows: readonly StatusRow[]): string[] {
  const lines: string[] = [];
  const shown = new Set<string>();
  for (const row of rows) {
    if (row.state === "misconfigured")
      lines.push(`✖ ${row.profile}: ${row.reason ?? "misconfigured"}`);
    if (row.token !== "login-needed" || row.loginCommand === undefined) continue;
    if (shown.has(row.loginCommand)) continue;
    shown.add(row.loginCommand);
    const names = rows
      .filter((other) => other.loginCommand === row.loginCommand)
      .map((other) => other.profile);
    lines.push(
      `! login needed for ${names.join(", ")}: ${row.reason}; run: ${loginAdvice(row.loginCommand, row.awsLoginCommand)}`,
    );
  }
  if (rows.some((row) => row.legacy))
    lines.push(
      "note: legacy profiles (sso_start_url in the profile) cannot be refreshed without a browser; move them to an [sso-session] (aws configure sso-session) so sso-sync can keep them alive",
    );
  return lines;
}
