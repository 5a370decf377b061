import type { CAC } from "cac";
import { ExitCode } from "../model/exit-code.js";
import { UsageError } from "../model/usage-error.js";
import { commandHelp, commandName, globalHelp } from "./help.js";
import { buildCli, version } from "./program.js";
import { rawOptionValues } from "./raw-option.js";
import { commandContext } from "./terminal.js";
import { usageMessage } from "./usage-message.js";

/** Runs the command line and returns the exit code; the only place errors become exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  // Captured before we set anything: commands and exec's child see the user's environment.
  const env = { ...process.env };
  prepareProcess();
  const cli = buildCli(argv, () => commandContext(env, argv));
  try {
    cli.parse([...argv], { run: false });
    const shown = showHelpOrVersion(cli);
    if (shown) return ExitCode.ok;
    requireValues(cli, argv);
    const code: unknown = await cli.runMatchedCommand();
    return typeof code === "number" ? code : ExitCode.ok;
  } catch (error) {
    return reportError(error, cli, argv, env);
  }
}

/** `--help`, `help [command]`, `--version`: printed on stdout; true when one was shown. */
function showHelpOrVersion(cli: CAC): boolean {
  if (cli.options.version === true) {
    process.stdout.write(`sso-sync ${version()}\n`);
    return true;
  }
  const asked = cli.matchedCommandName === "help" ? cli.args[0] : undefined;
  if (cli.options.help !== true && cli.matchedCommandName !== "help") return false;
  const named = asked ?? cli.matchedCommandName;
  const command = cli.commands.find(
    (each) => named !== "help" && named !== undefined && commandName(each) === named,
  );
  if (asked !== undefined && command === undefined)
    throw new UsageError(`unknown command '${asked}'`, { cause: asked });
  process.stdout.write(
    command === undefined ? globalHelp(cli, version()) : commandHelp(command, version()),
  );
  return true;
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

/** `--json` was asked for (before any `--`): errors then come as JSON on stdout too. */
function wantsJson(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}

function errorJson(exitCode: number, kind: string, message: string): string {
  return `${JSON.stringify({ version: 1, exitCode, error: { kind, message } }, null, 2)}\n`;
}

function reportError(
  error: unknown,
  cli: CAC,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): number {
  if (error instanceof UsageError || (error instanceof Error && error.name === "CACError")) {
    const unknown = typeof error.cause === "string" ? error.cause : undefined;
    const message = usageMessage(error.message, cli, unknown);
    process.stderr.write(`sso-sync: ${message}\n`);
    if (wantsJson(argv)) process.stdout.write(errorJson(ExitCode.usage, "usage", message));
    return ExitCode.usage;
  }
  const debug = env.DEBUG !== undefined && env.DEBUG !== "";
  const detail =
    debug && error instanceof Error ? `\n${error.stack}` : " (set DEBUG=1 for details)";
  const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`sso-sync: ${message}${detail}\n`);
  if (wantsJson(argv)) process.stdout.write(errorJson(ExitCode.internal, "internal", message));
  return ExitCode.internal;
}
