import { failed, ok, type Result, usageFailure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import { execWithEndpoint } from "./endpoint-action.js";
import { PROFILE_MARKER } from "./env-format.js";
import { childEnvironment } from "./exec-environment.js";
import { runCommand } from "./run-command.js";
import { serveVariables } from "./serve-action.js";
import type { ServeOptions } from "./serve-credentials.js";

/** exec's options: how to serve the profile, and the command to run (the words after `--`). */
export type ExecOptions = ServeOptions & {
  readonly command: readonly string[];
  /** Serve renewing credentials from a 127.0.0.1 endpoint instead of putting keys in the environment. */
  readonly server?: boolean;
};

/** exec's options once read, or the usage failure when no command follows `--`. */
export function execOptions(options: ExecOptions): Result<ExecOptions> {
  if (options.command.length === 0)
    return failed(usageFailure("give the command after --: sso-sync exec --profile P -- COMMAND"));
  return ok(options);
}

/** `exec`: runs `command` with one profile's credentials and passes its exit back. */
export async function execAction(
  options: ExecOptions,
  context: CommandContext,
): Promise<Result<number>> {
  const [command = "", ...args] = options.command;
  const outer = context.env[PROFILE_MARKER];
  if (outer !== undefined && outer !== "" && outer !== options.profile.split(":")[0]) {
    return failed(
      usageFailure(
        `this shell already holds sso-sync credentials for profile ${outer}; exit it first (or unset ${PROFILE_MARKER}) to use ${options.profile}`,
      ),
    );
  }
  if (options.server === true) {
    return execWithEndpoint(options, command, args, context);
  }
  const served = await serveVariables(options, context);
  if (typeof served === "number") return ok(served);
  return runCommand(command, args, childEnvironment(context.env, served.variables), context);
}
