import type { CommandContext } from "../model/run-context.js";
import { act, type Register } from "./action.js";
import type { Flags } from "./flags.js";
import {
  forceOption,
  lockTimeoutOption,
  minValidityOption,
  oneProfileOption,
  timeoutOption,
} from "./options.js";
import { serveOptions } from "./read-options.js";

const SH_ALIASES = new Set(["bash", "zsh"]);

/** `--format` of env and server, checked; the platform's shell when absent. */
async function envFormat(flags: Flags, ctx: CommandContext) {
  const { ENV_FORMATS, defaultEnvFormat } = await import("../commands/serve/env-format.js");
  const wanted = flags.one("--format") ?? defaultEnvFormat(ctx.env, ctx.platform);
  // bash and zsh evaluate POSIX sh exports as they are.
  const format = ENV_FORMATS.find((name) => name === (SH_ALIASES.has(wanted) ? "sh" : wanted));
  if (format === undefined) {
    const { UsageError } = await import("../model/usage-error.js");
    throw new UsageError(
      `--format takes ${ENV_FORMATS.join(", ")}, not '${flags.one("--format")}'`,
    );
  }
  return format;
}

/** `env`, `exec`, `process` and `server`: one profile's credentials for a shell, a command or an SDK. */
export const serveCommands: Register = (cli, argv, context) => {
  const declare = (name: string, description: string, usage: string) => {
    let command = oneProfileOption(cli.command(name, description).usage(usage));
    command = minValidityOption(command, "Serve the section offline when valid this long");
    command = command.option(
      "--login",
      "When the session needs login and you are at a terminal, log in first",
    );
    return lockTimeoutOption(timeoutOption(forceOption(command)));
  };
  const env = declare(
    "env",
    "Print one profile's credentials as environment variables, for eval or a .env file",
    "sso-sync env --profile P [--format F]",
  )
    .option(
      "--format <format>",
      "sh (also bash, zsh), fish, powershell, cmd, dotenv or json (default: sh; powershell on Windows outside Git Bash)",
    )
    .example('eval "$(sso-sync env --profile dev)"')
    .example("sso-sync env --profile dev --format powershell | Invoke-Expression");
  act(env, argv, context, async (flags, ctx) => {
    const format = await envFormat(flags, ctx);
    const { envAction } = await import("../commands/serve/serve-action.js");
    return envAction({ ...serveOptions(flags), format }, ctx);
  });
  const exec = declare(
    "exec [...command]",
    "Run a command with one profile's credentials in its environment (put -- before the command)",
    "sso-sync exec --profile P [options] -- COMMAND [ARGS...]",
  )
    .option(
      "--server",
      "Serve renewing credentials from a 127.0.0.1 endpoint instead of keys (runs past the role's session)",
    )
    .example("sso-sync exec --profile dev -- terraform plan")
    .example("sso-sync exec --server --profile dev -- terraform apply");
  act(exec, argv, context, async (flags, ctx) => {
    const { execAction } = await import("../commands/serve/exec-action.js");
    const command = flags.afterDoubleDash();
    return execAction({ ...serveOptions(flags), command, server: flags.on("server") }, ctx);
  });
  const process = declare(
    "process",
    "Print one profile's credentials as credential_process JSON (credential_process = sso-sync process --profile P)",
    "sso-sync process --profile P",
  );
  act(process, argv, context, async (flags, ctx) => {
    const { processAction } = await import("../commands/serve/serve-action.js");
    return processAction(serveOptions(flags), ctx);
  });
  const server = declare(
    "server",
    "Serve one profile's renewing credentials on 127.0.0.1 until Ctrl-C, for a process started elsewhere",
    "sso-sync server --profile P [--port N] [--format F]",
  )
    .option("--port <n>", "Listen on this port of 127.0.0.1 (default: a free one)")
    .option("--format <format>", "How to print the two variables to set: as for env --format")
    .example("sso-sync server --profile dev --format fish");
  act(server, argv, context, async (flags, ctx) => {
    const format = await envFormat(flags, ctx);
    const port = flags.integer("--port", 0, 1, 65_535);
    const { serverAction } = await import("../commands/serve/endpoint-action.js");
    return serverAction({ ...serveOptions(flags), port, format }, ctx);
  });
};
