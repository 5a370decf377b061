import { Pacer } from "../../io/aws/pacer.js";
import type { RunContext } from "../../model/run-context.js";

/**
 * The one pacer of a run, shared by all its AWS calls; it says once, to whoever watches, that AWS
 * throttles. Import this module lazily: a run that sends nothing does not need it.
 */
export function runPacer(
  options: { readonly concurrency: number; readonly timeoutSeconds: number },
  context: RunContext,
): Pacer {
  const { onEvent } = context;
  return new Pacer({
    concurrency: options.concurrency,
    timeoutSeconds: options.timeoutSeconds,
    ...(onEvent === undefined
      ? {}
      : {
          onThrottled: () => onEvent({ kind: "throttled" }),
          onWaiting: (endpoint: string) => onEvent({ kind: "waiting", endpoint }),
        }),
  });
}
