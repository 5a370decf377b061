import { ExitCode } from "../../model/exit-code.js";
import type { CommandContext } from "../../model/run-context.js";
import { fatalExitCode } from "../../model/sync-result.js";
import type { StatusOptions } from "./status-command.js";
import { runStatus } from "./status-command.js";
import { statusJson } from "./status-json.js";
import { anyLoginNeeded } from "./status-plan.js";
import { formatStatus } from "./status-text.js";

/** `status` as typed. */
export interface StatusActionOptions extends StatusOptions {
  readonly json: boolean;
}

/** Shows each profile's state; exit 3 when a session needs login (no network, no writes). */
export async function statusAction(
  options: StatusActionOptions,
  context: CommandContext,
): Promise<number> {
  const report = await runStatus(options, context);
  const code =
    report.fatal !== undefined
      ? fatalExitCode(report.fatal)
      : anyLoginNeeded(report.rows)
        ? ExitCode.loginNeeded
        : ExitCode.ok;
  if (options.json) {
    context.console.out(statusJson(report, code));
  } else if (report.fatal !== undefined) {
    context.console.err(`sso-sync: ${report.fatal.message}\n`);
  } else {
    context.console.out(`${formatStatus(report, context.now()).join("\n")}\n`);
  }
  return code;
}
