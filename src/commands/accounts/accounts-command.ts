import type { RunContext } from "../../model/run-context.js";
import { type AssignmentOptions, fetchAssignments } from "../shared/fetch-assignments.js";
import { type AssignmentRow, assignmentRows } from "./accounts-output.js";

/** Every assignment of a session, marked with the profiles that use it, or why not. */
export type AccountsReport =
  | { readonly ok: true; readonly label: string; readonly rows: readonly AssignmentRow[] }
  | { readonly ok: false; readonly code: number; readonly message: string };

/** Lists accounts and roles (ListAccounts / ListAccountRoles, every page, bounded). */
export async function runAccounts(
  options: AssignmentOptions,
  context: RunContext,
): Promise<AccountsReport> {
  const listed = await fetchAssignments(options, context);
  if (!listed.ok) return listed;
  return {
    ok: true,
    label: listed.source.label,
    rows: assignmentRows(listed.accounts, listed.sso.profiles, listed.source.request.tokenKey),
  };
}
