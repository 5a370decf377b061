import { ExitCode } from "../../model/exit-code.js";
import type { CommandContext } from "../../model/run-context.js";
import { runDoctor } from "./doctor-command.js";
import { doctorJson, formatDoctor } from "./doctor-output.js";

/** Runs every check and prints the findings; exit 6 when any is an error. */
export async function doctorAction(
  options: { readonly json: boolean },
  context: CommandContext,
): Promise<number> {
  const report = await runDoctor(context);
  const failed = report.findings.some((finding) => finding.severity === "error");
  const code = failed ? ExitCode.doctorErrors : ExitCode.ok;
  if (options.json) context.console.out(doctorJson(report, code));
  else context.console.out(`${formatDoctor(report, context.console.outColor).join("\n")}\n`);
  return code;
}
