import type { AccountAssignments } from "../../model/assignments.js";
import type { SsoProfile } from "../../model/profile-types.js";
import { columnTable } from "../shared/column-table.js";
/** One (account, role) with the profiles that already point at it. */
export interface AssignmentRow {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress: string;
  readonly roleName: string;
  readonly profiles: readonly string[];
}

/** Flattens the listing and marks each assignment that already has a profile on the same session; pure. */
export function assignmentRows(
  accounts: readonly AccountAssignments[],
  profiles: readonly SsoProfile[],
  tokenKey: string,
): AssignmentRow[] {
  return accounts.flatMap((account) =>
    account.roles.map((roleName) => ({
      accountId: account.accountId,
      accountName: account.accountName,
      emailAddress: account.emailAddress,
      roleName,
      profiles: profiles
        .filter(
          (profile) =>
            profile.tokenKey === tokenKey &&
            profile.accountId === account.accountId &&
            profile.roleName === roleName &&
            profile.chain === undefined,
        )
        .map((profile) => profile.name),
    })),
  );
}

/** The `accounts` table; pure. */
export function formatAccounts(label: string, rows: readonly AssignmentRow[]): string[] {
  const cells = [
    ["ACCOUNT", "NAME", "EMAIL", "ROLE", "PROFILES"],
    ...rows.map((row) => [
      row.accountId,
      row.accountName,
      row.emailAddress,
      row.roleName,
      row.profiles.join(", ") || "-",
    ]),
  ];
  const accounts = new Set(rows.map((row) => row.accountId)).size;
  const missing = rows.filter((row) => row.profiles.length === 0).length;
  return [
    ...columnTable(cells),
    `${label}: ${accounts} accounts, ${rows.length} roles, ${missing} without a profile${missing > 0 ? " (sso-sync populate adds them)" : ""}`,
  ];
}

/** The fields of `accounts --json` after `version` and `exitCode` (on failure: no source, no rows, and the error). */
export function accountsFields(
  label: string | undefined,
  rows: readonly AssignmentRow[],
  error?: string,
): Record<string, unknown> {
  return { source: label ?? null, error: error ?? null, assignments: rows };
}

/** `accounts --json` for a listing. */
export function accountsJson(
  label: string,
  rows: readonly AssignmentRow[],
  exitCode: number,
): string {
  const body = { version: 1, exitCode, ...accountsFields(label, rows) };
  return `${JSON.stringify(body, null, 2)}\n`;
}
