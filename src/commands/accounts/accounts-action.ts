import { ExitCode } from "../../model/exit-code.js";
import { failed, failureText, ok, type Result, withJson } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import type { AssignmentOptions } from "../shared/fetch-assignments.js";
import { runAccounts } from "./accounts-command.js";
import { accountsFields, accountsJson, formatAccounts } from "./accounts-output.js";

/** Lists the session's accounts and roles as a table or JSON on stdout. */
export async function accountsAction(
  options: AssignmentOptions & { readonly json: boolean },
  context: CommandContext,
): Promise<Result<number>> {
  const report = await runAccounts(options, context);
  if (!report.ok) {
    // With --json, main prints accounts' own document for the failure: no source, no rows.
    const { failure } = report;
    return failed(withJson(failure, accountsFields(undefined, [], failureText(failure))));
  }
  const { label, rows } = report.value;
  context.console.out(
    options.json
      ? accountsJson(label, rows, ExitCode.ok)
      : `${formatAccounts(label, rows).join("\n")}\n`,
  );
  return ok(ExitCode.ok);
}
