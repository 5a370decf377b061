import { ExitCode } from "../../model/exit-code.js";
import type { CommandContext } from "../../model/run-context.js";
import type { AssignmentOptions } from "../shared/fetch-assignments.js";
import { runAccounts } from "./accounts-command.js";
import { accountsJson, formatAccounts } from "./accounts-output.js";

/** Lists the session's accounts and roles as a table or JSON on stdout. */
export async function accountsAction(
  options: AssignmentOptions & { readonly json: boolean },
  context: CommandContext,
): Promise<number> {
  const report = await runAccounts(options, context);
  if (!report.ok) {
    context.console.err(`sso-sync: ${report.message}\n`);
    if (options.json) context.console.out(accountsJson(undefined, [], report.code, report.message));
    return report.code;
  }
  context.console.out(
    options.json
      ? accountsJson(report.label, report.rows, ExitCode.ok)
      : `${formatAccounts(report.label, report.rows).join("\n")}\n`,
  );
  return ExitCode.ok;
}
