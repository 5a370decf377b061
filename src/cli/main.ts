import { ExitCode } from "../model/exit-code.js";
import {
  type Failure,
  failed,
  failureJson,
  failureText,
  internalFailure,
  ok,
  type Result,
  usageFailure,
} from "../model/result.js";
import type { CommandContext } from "../model/run-context.js";
import { type CommandLine, parseCommandLine } from "./argv.js";
import { DEFAULT_COMMAND, helpText, PROGRAM, version } from "./program.js";
import { writeErr, writeOut } from "./stdio.js";
import { commandContext } from "./terminal.js";
import { didYouMean, helpHint } from "./usage-message.js";

/** Runs the command line and returns the exit code: the one place a Result becomes one. */
export async function main(argv: readonly string[]): Promise<number> {
  // Captured before we set anything: commands and exec's child see the user's environment.
  const env = { ...process.env };
  prepareProcess();
  const line = parseCommandLine(argv.slice(2), PROGRAM, DEFAULT_COMMAND);
  let result: Result<number>;
  try {
    result = await runLine(line, commandContext(env, argv));
  } catch (error) {
    const debug = env.DEBUG !== undefined && env.DEBUG !== "";
    const detail =
      debug && error instanceof Error ? `\n${error.stack}` : " (set DEBUG=1 for details)";
    const failure = internalFailure(`internal error: ${errorText(error)}`);
    return report(failure, `${failure.message}${detail}`, line);
  }
  if (result.ok) return result.value;
  return report(result.failure, failureText(result.failure), line);
}

/** What a parsed command line does: version, help, its mistake, else the command's read and run. */
export async function runLine(line: CommandLine, context: CommandContext): Promise<Result<number>> {
  if (line.version) {
    context.console.out(`sso-sync ${version()}\n`);
    return ok(ExitCode.ok);
  }
  // `help --help` and `help sync --help` are the help command's to answer.
  if (line.help && line.spec.name !== "help") {
    // `sso-sync --profile x --help` names no command: the program's help.
    context.console.out(helpText(line.named ? line.spec : undefined));
    return ok(ExitCode.ok);
  }
  if (line.mistake !== undefined) {
    const typed = line.mistake.unknownCommand;
    const suggestion = typed === undefined ? "" : didYouMean(typed, PROGRAM);
    return failed(withHelp(usageFailure(`${line.mistake.message}${suggestion}`), line));
  }
  const options = await line.spec.read(line.flags, context);
  return options.ok
    ? line.spec.run(options.value, context)
    : failed(withHelp(options.failure, line));
}

/** A mistake in the command line points to the help to read, unless it says its own fix. */
function withHelp(failure: Failure, line: CommandLine): Failure {
  if (failure.kind !== "usage" || failure.fix !== undefined) return failure;
  return { ...failure, fix: helpHint(line.named ? line.spec.name : undefined) };
}

/**
 * Prints a failure on stderr (and as JSON on stdout after `--json`: the envelope, or the command's
 * own document when the failure carries one); its code is the exit code. The one place a failed
 * run is printed.
 */
function report(failure: Failure, stderr: string, line: CommandLine): number {
  writeErr(`sso-sync: ${stderr}\n`);
  if (line.json) {
    const fields = failure.json ?? { error: failureJson(failure) };
    writeOut(`${JSON.stringify({ version: 1, exitCode: failure.code, ...fields }, null, 2)}\n`);
  }
  return failure.code;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function prepareProcess(): void {
  // We pin an SDK release that supports Node 20 (package-lock.json); its notice that later releases
  // will not is for SDK users, not for people running this tool ("quiet when all is well").
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}
