import { type SpawnOptions, spawn } from "node:child_process";
import { type Failure, notStartedFailure } from "../../model/result.js";
import { windowsLaunch } from "./windows-command.js";

/** How the child ended: its exit code, the signal that killed it, or why it could not start (127). */
export type ChildEnd =
  | { readonly kind: "exited"; readonly code: number }
  | { readonly kind: "signalled"; readonly signal: NodeJS.Signals }
  | { readonly kind: "not-started"; readonly failure: Failure };

// The terminal sends Ctrl-C to the whole foreground group, so the child has it already; the others
// may be sent to us alone (kill, a supervisor) and are passed on, as aws-vault does.
const FORWARDED: readonly NodeJS.Signals[] = [
  "SIGINT",
  "SIGTERM",
  "SIGHUP",
  "SIGQUIT",
  "SIGUSR1",
  "SIGUSR2",
];

// Windows has no signals to pass on: Ctrl-C and Ctrl-Break reach every process of the console,
// the child included, and child.kill() would end it at once. We only outlive them, so the child
// decides, and its exit code is passed on.
const OUTLIVED_ON_WINDOWS: readonly NodeJS.Signals[] = ["SIGINT", "SIGBREAK"];

/** Runs `command` with `env`, sharing our stdio, passing signals on; never throws. */
export function runChild(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<ChildEnd> {
  const options: SpawnOptions = { stdio: "inherit", env: { ...env } };
  const windows = process.platform === "win32";
  let file = command;
  let argv = args;
  if (windows) {
    const launch = windowsLaunch(command, args, env);
    if (!launch.ok) return Promise.resolve({ kind: "not-started", failure: launch.failure });
    file = launch.value.file;
    argv = launch.value.args;
    options.windowsVerbatimArguments = launch.value.verbatim;
  }
  return new Promise((resolve) => {
    const child = spawn(file, [...argv], options);
    const forward = (signal: NodeJS.Signals) => {
      if (!windows) child.kill(signal);
    };
    const signals = windows ? OUTLIVED_ON_WINDOWS : FORWARDED;
    for (const signal of signals) process.on(signal, forward);
    const done = (end: ChildEnd) => {
      for (const signal of signals) process.off(signal, forward);
      resolve(end);
    };
    child.on("error", (error: NodeJS.ErrnoException) =>
      done({
        kind: "not-started",
        failure: notStartedFailure(
          error.code === "ENOENT"
            ? `${command}: command not found`
            : `${command}: ${error.message}`,
        ),
      }),
    );
    child.on("exit", (code, signal) =>
      done(signal !== null ? { kind: "signalled", signal } : { kind: "exited", code: code ?? 1 }),
    );
  });
}
