import { ok, type Result } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import type { LogoutOptions } from "./logout-command.js";
import { logoutExitCode, runLogout } from "./logout-command.js";

/** Logs out and prints what it did; exit 4 when a portal logout failed. */
export async function logoutAction(
  options: LogoutOptions,
  context: CommandContext,
): Promise<Result<number>> {
  const outcome = await runLogout(options, context);
  if (!outcome.ok) return outcome;
  const { lines } = outcome.value;
  if (lines.length > 0) context.console.err(`${lines.join("\n")}\n`);
  return ok(logoutExitCode(outcome.value));
}
