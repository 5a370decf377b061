import { ExitCode } from "../../model/exit-code.js";
import { failed, ok, type Result, withJson } from "../../model/result.js";
import { type CommandContext, unwatched } from "../../model/run-context.js";
import type { PopulateReport, PopulateRequest } from "./populate-command.js";
import { runPopulate } from "./populate-command.js";
import { populateFields, populateJson } from "./populate-json.js";
import { formatPopulate } from "./populate-text.js";

/** `populate` as typed: what to write and how to report it. */
export interface PopulateActionOptions extends PopulateRequest {
  readonly json: boolean;
  readonly quiet: boolean;
}

/** Writes one profile per assignment and prints the diff; exit 4 when a name clashes. */
export async function populateAction(
  options: PopulateActionOptions,
  context: CommandContext,
): Promise<Result<number>> {
  const report = await runPopulate(
    options,
    options.json || options.quiet ? unwatched(context) : context,
  );
  // With --json, main prints populate's own document for the failure: no changes, and the error.
  if (report.error !== undefined) return failed(withJson(report.error, populateFields(report)));
  return ok(await printPopulate(report, options, context));
}

/** Prints populate's report (the diff, the summary, or JSON) and returns its exit code. */
export async function printPopulate(
  report: PopulateReport,
  options: { readonly json: boolean; readonly quiet: boolean },
  context: CommandContext,
): Promise<number> {
  const code = populateExitCode(report);
  if (options.json) {
    context.console.out(populateJson(report, code));
    return code;
  }
  const { diff, summary } = formatPopulate(report, context.console.outColor);
  // The diff is data (`populate --dry-run | less`); the summary is a diagnostic.
  // --quiet keeps only what needs attention: the clashes.
  const shown = options.quiet
    ? diff.filter((line) => line.includes("exists and was not written"))
    : diff;
  if (shown.length > 0) context.console.out(`${shown.join("\n")}\n`);
  if (!options.quiet || code !== ExitCode.ok) context.console.err(`${summary}\n`);
  return code;
}

/** Populate's exit code: 4 when a name clashes (a report with `error` goes as its Failure). */
function populateExitCode(report: PopulateReport): number {
  return report.changes.some((change) => change.kind === "clash")
    ? ExitCode.profileFailed
    : ExitCode.ok;
}
