import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import type { RoleHop } from "../model/profile-types.js";
import type { CommandContext, Console } from "../model/run-context.js";
import { askQuestion } from "./ask.js";
import { eventPrinter, noticePrinter } from "./event-printer.js";
import { isTerminal, writeErr, writeOut } from "./stdio.js";

/** A person is at the terminal: both stdin and stderr are TTYs (never cron, hooks or CI). */
function interactive(): boolean {
  return isTerminal(0) && isTerminal(2);
}

/** Colour on stderr: FORCE_COLOR forces it, NO_COLOR (non-empty) stops it, else a TTY has it. */
function useColor(env: Readonly<Record<string, string | undefined>>, fd: 1 | 2): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  const noColor = env.NO_COLOR;
  return (noColor === undefined || noColor === "") && isTerminal(fd);
}

let prompting: Promise<unknown> = Promise.resolve();

/** Asks for one MFA code on the terminal; prompts for several profiles come one after another. */
function askMfaCode(hop: RoleHop): Promise<string | undefined> {
  const asked = prompting.then(async () => {
    const { createInterface } = await import("node:readline/promises");
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const code = await terminal.question(
        `MFA code for ${hop.mfaSerial} (profile ${hop.profile}): `,
      );
      return code.trim() === "" ? undefined : code.trim();
    } finally {
      terminal.close();
    }
  });
  prompting = asked.catch(() => undefined);
  return asked;
}

/** Lines from stdin until `signal` aborts or input ends; stdin is let go of afterwards. */
async function* readLines(signal: AbortSignal): AsyncIterable<string> {
  if (signal.aborted) return;
  const { createInterface } = await import("node:readline");
  // Aborted while loading readline (the callback answered first): never start reading stdin.
  if (signal.aborted) return;
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const close = () => lines.close();
  signal.addEventListener("abort", close, { once: true });
  try {
    for await (const line of lines) yield line;
  } finally {
    signal.removeEventListener("abort", close);
    lines.close();
    // Let go of stdin so it neither keeps the process alive nor eats a later child's input.
    process.stdin.pause();
  }
}

/**
 * Hears the first SIGINT or SIGTERM; a second one ends the process (130). The listener stays
 * until `stop`: proper-lockfile's signal-exit re-raises a signal nobody else listens for, which
 * would kill us before the login has cleaned up.
 */
function onInterrupt(handler: () => void): () => void {
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];
  let heardBefore = false;
  const heard = () => {
    if (heardBefore) process.exit(130);
    heardBefore = true;
    handler();
  };
  for (const signal of signals) process.on(signal, heard);
  return () => {
    for (const signal of signals) process.off(signal, heard);
  };
}

/** The process as a command sees it: the user's environment, the terminal, stdout and stderr. */
export function commandContext(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): CommandContext {
  const person = interactive();
  const console: Console = {
    out: writeOut,
    err: writeErr,
    interactive: person,
    color: useColor(env, 2),
    outColor: useColor(env, 1),
  };
  const base = {
    env,
    osHome: homedir(),
    now: () => new Date(),
    console,
    platform: process.platform,
    execPath: process.execPath,
    scriptPath: realpathSync(argv[1] ?? ""),
    uid: process.getuid?.() ?? 0,
    dieBySignal: (signal: NodeJS.Signals) => process.kill(process.pid, signal),
    readLines,
    onInterrupt,
    onNotice: noticePrinter(writeErr),
  };
  // Progress and waiting notices are for a person watching stderr, never for pipes and logs.
  const watched = isTerminal(2) ? { ...base, onEvent: eventPrinter(writeErr) } : base;
  // Only a person can type an MFA code: never prompt from cron, hooks or CI.
  return person ? { ...watched, mfaPrompt: askMfaCode, ask: askQuestion } : watched;
}
