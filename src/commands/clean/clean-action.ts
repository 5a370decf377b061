import { ExitCode } from "../../model/exit-code.js";
import type { CommandContext } from "../../model/run-context.js";
import type { CleanOptions } from "./clean-command.js";

/** Removes owned sections and reports; exit 4 when a named section is not ours, 5 on a file error. */
export async function cleanAction(options: CleanOptions, context: CommandContext): Promise<number> {
  const { runClean } = await import("./clean-command.js");
  const report = await runClean(options, context);
  const { formatClean } = await import("./clean-text.js");
  context.console.err(`${formatClean(report).join("\n")}\n`);
  if (report.error !== undefined) return ExitCode.writeFailed;
  return report.notOwned.length > 0 ? ExitCode.profileFailed : ExitCode.ok;
}
