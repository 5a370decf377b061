import { defaultEnvFormat, ENV_FORMATS } from "../commands/serve/env-format.js";
import { execAction } from "../commands/serve/exec-action.js";
import { envAction, processAction } from "../commands/serve/serve-action.js";
import { UsageError } from "../model/usage-error.js";
import { act, type Register } from "./action.js";
import {
  forceOption,
  lockTimeoutOption,
  minValidityOption,
  oneProfileOption,
  timeoutOption,
} from "./options.js";
import { serveOptions } from "./read-options.js";

const SH_ALIASES = new Set(["bash", "zsh"]);

/** `env`, `exec` and `process`: one profile's credentials for a shell, a command or an SDK. */
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
    const wanted = flags.one("--format") ?? defaultEnvFormat(ctx.env, ctx.platform);
    // bash and zsh evaluate POSIX sh exports as they are.
    const format = ENV_FORMATS.find((name) => name === (SH_ALIASES.has(wanted) ? "sh" : wanted));
    if (format === undefined) {
      throw new UsageError(
        `--format takes ${ENV_FORMATS.join(", ")}, not '${flags.one("--format")}'`,
      );
    }
    return envAction({ ...serveOptions(flags), format }, ctx);
  });
  const exec = declare(
    "exec [...command]",
    "Run a command with one profile's credentials in its environment (put -- before the command)",
    "sso-sync exec --profile P [options] -- COMMAND [ARGS...]",
  ).example("sso-sync exec --profile dev -- terraform plan");
  act(exec, argv, context, async (flags, ctx) => {
    return execAction({ ...serveOptions(flags), command: flags.afterDoubleDash() }, ctx);
  });
  const process = declare(
    "process",
    "Print one profile's credentials as credential_process JSON (credential_process = sso-sync process --profile P)",
    "sso-sync process --profile P",
  );
  act(process, argv, context, async (flags, ctx) => {
    return processAction(serveOptions(flags), ctx);
  });
};
