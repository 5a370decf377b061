import { failed, ok, type Result, withJson } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import type { StatusOptions } from "./status-command.js";
import { runStatus, statusExitCode } from "./status-command.js";
import { statusFields, statusJson } from "./status-json.js";
import { formatStatus } from "./status-text.js";

/** `status` as typed. */
export interface StatusActionOptions extends StatusOptions {
  readonly json: boolean;
}

/** Shows each profile's state; exit 3 when a session needs login (no network, no writes). */
export async function statusAction(
  options: StatusActionOptions,
  context: CommandContext,
): Promise<Result<number>> {
  const report = await runStatus(options, context);
  // With --json, main prints status's own document for the failure: no rows, and the error.
  if (report.fatal !== undefined) return failed(withJson(report.fatal, statusFields(report)));
  const code = statusExitCode(report);
  if (options.json) context.console.out(statusJson(report, code));
  else context.console.out(`${formatStatus(report, context.now()).join("\n")}\n`);
  return ok(code);
}
