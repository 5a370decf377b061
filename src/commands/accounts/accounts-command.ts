import { ok, type Result } from "../../model/result.js";
import type { RunContext } from "../../model/run-context.js";
import { type AssignmentOptions, fetchAssignments } from "../shared/fetch-assignments.js";
import { type AssignmentRow, assignmentRows } from "./accounts-output.js";

/** Every assignment of a session, marked with the profiles that use it. */
export interface AccountsReport {
  readonly label: string;
  readonly rows: readonly AssignmentRow[];
}

/** Lists accounts and roles (ListAccounts / ListAccountRoles, every page, bounded). */
export async function runAccounts(
  options: AssignmentOptions,
  context: RunContext,
): Promise<Result<AccountsReport>> {
  const listed = await fetchAssignments(options, context);
  if (!listed.ok) return listed;
  const { source, accounts, sso } = listed.value;
  return ok({
    label: source.label,
    rows: assignmentRows(accounts, sso.profiles, source.request.tokenKey),
  });
}
