import { ExitCode } from "../../model/exit-code.js";
import { type CommandContext, unwatched } from "../../model/run-context.js";
import type { CleanOptions, CleanReport } from "./clean-command.js";
import { runClean } from "./clean-command.js";
import { cleanJson } from "./clean-json.js";
import { formatClean } from "./clean-text.js";

/** `clean` as typed: what to remove and how to report it. */
export interface CleanActionOptions extends CleanOptions {
  readonly json: boolean;
  readonly quiet: boolean;
}

/** Removes owned sections and reports; exit 4 when a named section is not ours, 5 on a file error. */
export async function cleanAction(
  options: CleanActionOptions,
  context: CommandContext,
): Promise<number> {
  const report = await runClean(
    options,
    options.json || options.quiet ? unwatched(context) : context,
  );
  const code = cleanExitCode(report);
  if (options.json) {
    context.console.out(cleanJson(report, code));
    return code;
  }
  const lines = formatClean(report, { quiet: options.quiet, color: context.console.color });
  if (lines.length > 0) context.console.err(`${lines.join("\n")}\n`);
  return code;
}

/** Clean's exit code: its failure's (5), else 4 when a named section is not ours. */
function cleanExitCode(report: CleanReport): number {
  if (report.error !== undefined) return report.error.code;
  return report.notOwned.length > 0 ? ExitCode.profileFailed : ExitCode.ok;
}
