import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import type { Result } from "../../model/result.js";
import { serverAction } from "./endpoint-action.js";
import type { EnvFormat } from "./env-format.js";
import { envFormatOption, formatOption } from "./env-spec.js";
import type { ServeOptions } from "./serve-credentials.js";
import { SERVE_OPTIONS, serveOptions } from "./serve-options.js";

/** server's options: the serve options, the port (0: a free one) and how to print the variables. */
export type ServerOptions = ServeOptions & { readonly port: number; readonly format: EnvFormat };

/** server's flags: a known format, a port of 1 to 65535 when given, then the serve options. */
export function serverOptions(
  flags: Flags,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): Result<ServerOptions> {
  const format = envFormatOption(flags, env, platform);
  const port = flags.one("--port") === undefined ? 0 : flags.integer("--port", 1, 65_535);
  return flags.result({ ...serveOptions(flags), port, format });
}

/** `server`: one profile's renewing credentials on 127.0.0.1, for a process started elsewhere. */
export const serverSpec: CommandSpec<ServerOptions> = {
  name: "server",
  summary:
    "Serve one profile's renewing credentials on 127.0.0.1 until Ctrl-C, for a process started elsewhere",
  usage: "sso-sync server --profile P [--port N] [--format F]",
  examples: ["sso-sync server --profile dev --format fish"],
  options: [
    ...SERVE_OPTIONS,
    {
      flag: "--port",
      value: "n",
      help: "Listen on this port of 127.0.0.1 (default: a free one)",
    },
    formatOption("How to print the two variables to set: as for env --format"),
  ],
  read: (flags, context) => serverOptions(flags, context.env, context.platform),
  run: async (options, context) => {
    return serverAction(options, context);
  },
};
