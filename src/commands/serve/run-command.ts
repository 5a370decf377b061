import { constants as osConstants } from "node:os";
import type { CommandContext } from "../../model/run-context.js";

/** Runs exec's command with `env` and passes its end on: its exit code, or death by its signal. */
export async function runCommand(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  context: CommandContext,
): Promise<number> {
  const { runChild } = await import("../../io/process/exec-runner.js");
  const end = await runChild(command, args, env);
  if (end.kind === "not-started") context.console.err(`sso-sync: ${end.error}\n`);
  if (end.kind === "signalled") {
    context.dieBySignal(end.signal);
    return 128 + (osConstants.signals[end.signal] ?? 0);
  }
  return end.code;
}
