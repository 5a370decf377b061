import type { CommandSpec } from "../../model/command-spec.js";
import type { ExecOptions } from "./exec-action.js";
import { execAction, execOptions } from "./exec-action.js";
import { SERVE_OPTIONS, serveOptions } from "./serve-options.js";

/** `exec`: run a command with one profile's credentials in its environment. */
export const execSpec: CommandSpec<ExecOptions> = {
  name: "exec",
  summary:
    "Run a command with one profile's credentials in its environment (put -- before the command)",
  usage: "sso-sync exec --profile P [options] -- COMMAND [ARGS...]",
  examples: [
    "sso-sync exec --profile dev -- terraform plan",
    "sso-sync exec --server --profile dev -- terraform apply",
  ],
  options: [
    ...SERVE_OPTIONS,
    {
      flag: "--server",
      help: "Serve renewing credentials from a 127.0.0.1 endpoint instead of keys (runs past the role's session)",
    },
  ],
  // The command comes after `--`; words before it are let through, and exec asks for `--`.
  positional: { name: "command", required: false, variadic: true },
  read: (flags) => {
    const read = flags.result({
      ...serveOptions(flags),
      command: flags.afterDoubleDash(),
      server: flags.on("--server"),
    });
    return read.ok ? execOptions(read.value) : read;
  },
  run: async (options, context) => {
    return execAction(options, context);
  },
};
