import { ExitCode } from "../../model/exit-code.js";
import type { CommandContext } from "../../model/run-context.js";
import { UsageError } from "../../model/usage-error.js";
import { PROFILE_MARKER } from "./env-format.js";
import { runCommand } from "./run-command.js";
import { serveVariables } from "./serve-action.js";
import type { ServeOptions } from "./serve-credentials.js";

/** `exec`: runs `command` with one profile's credentials and passes its exit back. */
export async function execAction(
  options: ServeOptions & { readonly command: readonly string[]; readonly server?: boolean },
  context: CommandContext,
): Promise<number> {
  const [command, ...args] = options.command;
  if (command === undefined)
    throw new UsageError("give the command after --: sso-sync exec --profile P -- COMMAND");
  const outer = context.env[PROFILE_MARKER];
  if (outer !== undefined && outer !== "" && outer !== options.profile.split(":")[0]) {
    context.console.err(
      `sso-sync: this shell already holds sso-sync credentials for profile ${outer}; exit it first (or unset ${PROFILE_MARKER}) to use ${options.profile}\n`,
    );
    return ExitCode.usage;
  }
  if (options.server === true) {
    const { execWithEndpoint } = await import("./endpoint-action.js");
    return execWithEndpoint(options, command, args, context);
  }
  const served = await serveVariables(options, context);
  if (!served.ok) return served.code;
  const { childEnvironment } = await import("./exec-environment.js");
  return runCommand(command, args, childEnvironment(context.env, served.variables), context);
}
