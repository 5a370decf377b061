import { setTimeout as sleep } from "node:timers/promises";
import { readPastedRedirect, type SignInAnswer } from "../../model/pkce.js";
import type { CommandContext } from "../../model/run-context.js";

/** How the wait for the browser ended. */
export type WaitOutcome = SignInAnswer | { readonly kind: "timeout" | "interrupted" };

const never = new Promise<never>(() => undefined);

/**
 * The first address pasted on the terminal that is this login's callback with its state, judged
 * like the callback: another sign-in's answer is said to be ignored, and the wait goes on.
 */
async function pasted(
  context: CommandContext,
  state: string,
  port: number,
  signal: AbortSignal,
): Promise<SignInAnswer> {
  if (context.readLines === undefined) return never;
  for await (const line of context.readLines(signal)) {
    if (line.trim() === "") continue;
    const answer = readPastedRedirect(line, state, port);
    if (answer !== undefined && answer.kind !== "wrong-state") return answer;
    context.console.err(
      answer === undefined
        ? `sso-sync: that is not the address the browser ended on; paste the whole http://127.0.0.1:${port}/oauth/callback?... address\n`
        : "sso-sync: that address is the answer of another sign-in (its state is not this login's), so it was ignored; paste the address this login's browser ended on\n",
    );
  }
  // Input ended (a pipe, </dev/null): only the callback can answer now.
  return never;
}

/**
 * Waits for whichever comes first: the callback, a pasted address, the deadline, or Ctrl-C
 * (`interrupt`). Stops reading the terminal and clears its timer before returning.
 */
export async function waitForRedirect(
  callback: Promise<SignInAnswer>,
  state: string,
  port: number,
  deadline: number,
  interrupt: AbortSignal,
  context: CommandContext,
): Promise<WaitOutcome> {
  const done = new AbortController();
  const stop = AbortSignal.any([done.signal, interrupt]);
  const timeout = sleep(Math.max(0, deadline - context.now().getTime()), undefined, {
    signal: stop,
  }).then(
    () => ({ kind: "timeout" as const }),
    () => never,
  );
  const interrupted = new Promise<WaitOutcome>((resolve) => {
    if (interrupt.aborted) resolve({ kind: "interrupted" });
    interrupt.addEventListener("abort", () => resolve({ kind: "interrupted" }), { once: true });
  });
  try {
    return await Promise.race([callback, pasted(context, state, port, stop), timeout, interrupted]);
  } finally {
    done.abort();
  }
}
