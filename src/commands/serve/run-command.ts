import { constants as osConstants } from "node:os";
import { runChild } from "../../io/process/exec-runner.js";
import { failed, ok, type Result } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";

/**
 * Runs exec's command with `env` and passes its end on: its exit code, death by its signal, or
 * the failure that kept it from starting (127).
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  context: CommandContext,
): Promise<Result<number>> {
  const end = await runChild(command, args, env);
  if (end.kind === "not-started") return failed(end.failure);
  if (end.kind === "signalled") {
    context.dieBySignal(end.signal);
    return ok(128 + (osConstants.signals[end.signal] ?? 0));
  }
  return ok(end.code);
}
