import { spawn } from "node:child_process";

/** How the child ended: its exit code, or the signal that killed it (127 when it could not start). */
export type ChildEnd =
  | { readonly kind: "exited"; readonly code: number }
  | { readonly kind: "signalled"; readonly signal: NodeJS.Signals }
  | { readonly kind: "not-started"; readonly code: 127; readonly error: string };

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

/** Runs `command` with `env`, sharing our stdio, passing signals on; never throws. */
export function runChild(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<ChildEnd> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { stdio: "inherit", env: { ...env } });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = (end: ChildEnd) => {
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(end);
    };
    child.on("error", (error: NodeJS.ErrnoException) =>
      done({
        kind: "not-started",
        code: 127,
        error:
          error.code === "ENOENT"
            ? `${command}: command not found`
            : `${command}: ${error.message}`,
      }),
    );
    child.on("exit", (code, signal) =>
      done(signal !== null ? { kind: "signalled", signal } : { kind: "exited", code: code ?? 1 }),
    );
  });
}
