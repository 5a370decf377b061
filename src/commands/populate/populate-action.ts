import { ExitCode } from "../../model/exit-code.js";
import type { CommandContext } from "../../model/run-context.js";
import type { PopulateRequest } from "./populate-command.js";

/** Writes one profile per assignment and prints the diff; exit 4 when a name clashes. */
export async function populateAction(
  options: PopulateRequest,
  context: CommandContext,
): Promise<number> {
  const { runPopulate } = await import("./populate-command.js");
  const report = await runPopulate(options, context);
  const { formatPopulate } = await import("./populate-text.js");
  const { diff, summary } = formatPopulate(report);
  // The diff is data (`populate --dry-run | less`); the summary is a diagnostic.
  if (diff.length > 0) context.console.out(`${diff.join("\n")}\n`);
  context.console.err(`${summary}\n`);
  if (report.error !== undefined) return report.error.code;
  return report.changes.some((change) => change.kind === "clash")
    ? ExitCode.profileFailed
    : ExitCode.ok;
}
