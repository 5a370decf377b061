import { setTimeout as sleep } from "node:timers/promises";
import { type RedirectAnswer, readPastedRedirect } from "../../model/pkce.js";
import type { CommandContext } from "../../model/run-context.js";

/** How the wait for the browser ended. */
export type WaitOutcome = RedirectAnswer | { readonly kind: "timeout" | "interrupted" };

const never = new Promise<never>(() => undefined);

/** The first address pasted on the terminal that is the callback's, judged like the callback. */
async function pasted(
  context: CommandContext,
  state: string,
  signal: AbortSignal,
): Promise<RedirectAnswer> {
  if (context.readLines === undefined) return never;
  for await (const line of context.readLines(signal)) {
    if (line.trim() === "") continue;
    const answer = readPastedRedirect(line, state);
    if (answer !== undefined) return answer;
    context.console.err(
      "sso-sync: that is not the address the browser ended on; paste the whole http://127.0.0.1:.../oauth/callback?... address\n",
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
  callback: Promise<RedirectAnswer>,
  state: string,
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
    return await Promise.race([callback, pasted(context, state, stop), timeout, interrupted]);
  } finally {
    done.abort();
  }
}
