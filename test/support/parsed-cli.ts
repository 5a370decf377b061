import assert from "node:assert/strict";
import { type CommandLine, parseCommandLine } from "../../src/cli/argv.js";
import { runLine } from "../../src/cli/main.js";
import { DEFAULT_COMMAND, PROGRAM } from "../../src/cli/program.js";
import type { Flags } from "../../src/model/flags.js";
import { failed, type Result, usageFailure } from "../../src/model/result.js";
import type { CommandContext } from "../../src/model/run-context.js";

/** A command line parsed by the real program, without running it. */
export interface ParsedCli {
  readonly line: CommandLine;
  /** The flags as the matched command's read gets them. */
  readonly flags: Flags;
}

/** `sso-sync ...args` parsed as main does; nothing runs. */
export function parseCli(args: readonly string[]): ParsedCli {
  const line = parseCommandLine(args, PROGRAM, DEFAULT_COMMAND);
  return { line, flags: line.flags };
}

/** What the command's `read` makes of `sso-sync ...args` (after the parser's own checks). */
export async function readCli(args: readonly string[]): Promise<Result<unknown>> {
  const { line } = parseCli(args);
  if (line.mistake !== undefined) return failed(usageFailure(line.mistake.message));
  return line.spec.read(line.flags, recordingContext({ out: [], err: [] }));
}

/** The value of a Result that must hold one. */
export function heldValue<T>(result: Result<T>): T {
  assert.ok(result.ok, result.ok ? "" : result.failure.message);
  return result.value;
}

/** `sso-sync ...args` run as main runs it, against a context that records what is printed. */
export async function runCli(
  args: readonly string[],
): Promise<{ result: Result<number>; printed: { out: string[]; err: string[] } }> {
  const printed = { out: [] as string[], err: [] as string[] };
  const result = await runLine(parseCli(args).line, recordingContext(printed));
  return { result, printed };
}

/** A context that records what a command prints and points at no real home or clock. */
export function recordingContext(printed: { out: string[]; err: string[] }): CommandContext {
  return {
    env: {},
    osHome: "/nonexistent/sso-sync-unit-test-home",
    now: () => new Date(Date.UTC(2030, 5, 1, 12)),
    console: {
      out: (text) => printed.out.push(text),
      err: (text) => printed.err.push(text),
      interactive: false,
      color: false,
      outColor: false,
    },
    platform: "linux",
    execPath: "/usr/bin/node",
    scriptPath: "/opt/sso-sync/dist/src/cli.js",
    uid: 1000,
    dieBySignal: () => assert.fail("no unit test ends the process"),
  };
}

/** Asserts `result` is a usage Failure (exit 2) whose message matches `pattern`. */
export function assertUsage(result: Result<unknown>, pattern: RegExp, label?: string): void {
  assert.ok(!result.ok, `expected a usage failure${label ? ` (${label})` : ""}, got a value`);
  assert.equal(result.failure.kind, "usage", label);
  assert.equal(result.failure.code, 2, label);
  assert.match(result.failure.message, pattern, label);
}

/** Asserts the parser found the mistake `pattern` in the line (before any command reads it). */
export function assertMistake(args: readonly string[], pattern: RegExp): void {
  const { mistake } = parseCli(args).line;
  assert.ok(mistake !== undefined, `expected a mistake in ${args.join(" ")}`);
  assert.match(mistake.message, pattern);
}
