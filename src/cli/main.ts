import type { CAC } from "cac";
import { ExitCode } from "../model/exit-code.js";
import { UsageError } from "../model/usage-error.js";
import { buildCli } from "./program.js";
import { rawOptionValues } from "./raw-option.js";
import { commandContext } from "./terminal.js";

/** Runs the command line and returns the exit code; the only place errors become exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  // Captured before we set anything: commands and exec's child see the user's environment.
  const env = { ...process.env };
  prepareProcess();
  try {
    const cli = buildCli(argv, () => commandContext(env, argv));
    cli.parse([...argv], { run: false });
    if (cli.options.help === true || cli.options.version === true) return ExitCode.ok;
    requireValues(cli, argv);
    const code: unknown = await cli.runMatchedCommand();
    return typeof code === "number" ? code : ExitCode.ok;
  } catch (error) {
    return reportError(error, env);
  }
}

/** Every option that takes a value has one (cac would read `--profile --dry-run` as a boolean). */
function requireValues(cli: CAC, argv: readonly string[]): void {
  const options = [...cli.globalCommand.options, ...(cli.matchedCommand?.options ?? [])];
  for (const option of options) {
    const name = /^(?:-\w, )?(--[\w-]+) </.exec(option.rawName)?.[1];
    if (name !== undefined) rawOptionValues(argv.slice(2), name);
  }
}

function prepareProcess(): void {
  // We pin an SDK release that supports Node 20 (package-lock.json); its notice that later releases
  // will not is for SDK users, not for people running this tool ("quiet when all is well").
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // `sso-sync status | head -1` closes our stdout early; that is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

function reportError(error: unknown, env: Readonly<Record<string, string | undefined>>): number {
  if (error instanceof UsageError || (error instanceof Error && error.name === "CACError")) {
    const message = error.message.replace(/^Unused args: /, "unknown command or argument: ");
    process.stderr.write(`sso-sync: ${message} (see sso-sync --help)\n`);
    return ExitCode.usage;
  }
  const debug = env.DEBUG !== undefined && env.DEBUG !== "";
  const detail =
    debug && error instanceof Error ? `\n${error.stack}` : " (set DEBUG=1 for details)";
  process.stderr.write(
    `sso-sync: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`,
  );
  return ExitCode.internal;
}
