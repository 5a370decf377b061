import { act, type Register } from "./action.js";
import {
  forceOption,
  lockTimeoutOption,
  minValidityOption,
  oneProfileOption,
  timeoutOption,
} from "./options.js";
import { serveOptions } from "./read-options.js";

/** `env`, `exec` and `process`: one profile's credentials for a shell, a command or an SDK. */
export const serveCommands: Register = (cli, argv, context) => {
  const declare = (name: string, description: string) => {
    let command = oneProfileOption(cli.command(name, description));
    command = minValidityOption(command, "Serve the section offline when valid this long");
    return lockTimeoutOption(timeoutOption(forceOption(command)));
  };
  const env = declare(
    "env",
    "Print one profile's credentials for eval (--format sh, fish, powershell, cmd, dotenv, json)",
  ).option("--format <format>", "sh, fish, powershell, cmd, dotenv or json", { default: "sh" });
  act(env, argv, context, async (flags, ctx) => {
    const { ENV_FORMATS } = await import("../commands/serve/env-format.js");
    const format = ENV_FORMATS.find((name) => name === (flags.one("--format") ?? "sh"));
    if (format === undefined) {
      const { UsageError } = await import("../model/usage-error.js");
      throw new UsageError(
        `--format takes ${ENV_FORMATS.join(", ")}, not '${flags.one("--format")}'`,
      );
    }
    const { envAction } = await import("../commands/serve/serve-action.js");
    return envAction({ ...serveOptions(flags), format }, ctx);
  });
  const exec = declare(
    "exec [...command]",
    "Run a command with one profile's credentials: sso-sync exec --profile P -- COMMAND",
  );
  act(exec, argv, context, async (flags, ctx) => {
    const { execAction } = await import("../commands/serve/exec-action.js");
    return execAction({ ...serveOptions(flags), command: flags.afterDoubleDash() }, ctx);
  });
  const process = declare(
    "process",
    "Print credential_process JSON for one profile (credential_process = sso-sync process --profile P)",
  );
  act(process, argv, context, async (flags, ctx) => {
    const { processAction } = await import("../commands/serve/serve-action.js");
    return processAction(serveOptions(flags), ctx);
  });
};
