import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import type { OptionSpec } from "../../model/option-spec.js";
import type { Result } from "../../model/result.js";
import { defaultEnvFormat, ENV_FORMATS, type EnvFormat } from "./env-format.js";
import { envAction } from "./serve-action.js";
import type { ServeOptions } from "./serve-credentials.js";
import { SERVE_OPTIONS, serveOptions } from "./serve-options.js";

/** env's options: the serve options and the format to print. */
export type EnvOptions = ServeOptions & { readonly format: EnvFormat };

const SH_ALIASES = new Set(["bash", "zsh"]);

// What --format completes to: the formats, with the shells that read sh next to it.
const FORMAT_WORDS = ["sh", "bash", "zsh", "fish", "powershell", "cmd", "dotenv", "json"];

/** `--format` of env and server, with what it prints for that command. */
export function formatOption(help: string): OptionSpec {
  return { flag: "--format", value: "format", help, completes: FORMAT_WORDS };
}

/** `--format` of env and server: a known format, the platform's shell when not given. */
export function envFormatOption(
  flags: Flags,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): EnvFormat {
  const typed = flags.one("--format");
  const wanted = typed ?? defaultEnvFormat(env, platform);
  // bash and zsh evaluate POSIX sh exports as they are.
  const known = ENV_FORMATS.find((name) => name === (SH_ALIASES.has(wanted) ? "sh" : wanted));
  return known ?? flags.fail(`--format takes ${ENV_FORMATS.join(", ")}, not '${typed}'`, "sh");
}

/** env's flags: a known format (the platform's when not given), then the serve options. */
export function envOptions(
  flags: Flags,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): Result<EnvOptions> {
  const format = envFormatOption(flags, env, platform);
  return flags.result({ ...serveOptions(flags), format });
}

/** `env`: one profile's credentials as environment variables. */
export const envSpec: CommandSpec<EnvOptions> = {
  name: "env",
  summary: "Print one profile's credentials as environment variables, for eval or a .env file",
  usage: "sso-sync env --profile P [--format F]",
  examples: [
    'eval "$(sso-sync env --profile dev)"',
    "sso-sync env --profile dev --format powershell | Invoke-Expression",
  ],
  options: [
    ...SERVE_OPTIONS,
    formatOption(
      "sh (also bash, zsh), fish, powershell, cmd, dotenv or json (default: sh; powershell on Windows outside Git Bash)",
    ),
  ],
  read: (flags, context) => envOptions(flags, context.env, context.platform),
  run: async (options, context) => {
    return envAction(options, context);
  },
};
