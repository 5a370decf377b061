import type { CommandContext } from "../../model/run-context.js";
import type { LogoutOptions } from "./logout-command.js";
import { runLogout } from "./logout-command.js";

/** Logs out and prints what it did; exit 4 when a portal logout failed. */
export async function logoutAction(
  options: LogoutOptions,
  context: CommandContext,
): Promise<number> {
  const outcome = await runLogout(options, context);
  if (outcome.lines.length > 0) context.console.err(`${outcome.lines.join("\n")}\n`);
  return outcome.code;
}
