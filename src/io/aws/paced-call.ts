import { retryKind } from "./aws-error.js";
import { type Pacer, ThrottledOut } from "./pacer.js";
import { watchedCall } from "./watched-call.js";

// Attempts for errors that are not throttling (5xx, network, socket timeouts), as the SDK's
// standard retry mode made before pacing: three retries with jittered exponential backoff.
const MAX_TRANSIENT_ATTEMPTS = 4;
const BACKOFF_BASE_MS = 100;

/**
 * One AWS call under the run's pacing: each attempt waits for its turn; a throttled attempt is
 * retried at the endpoint's new pace for as long as the endpoint lets some request of the run
 * through (ThrottledOut once it has refused everything for --timeout); other retryable errors get
 * three retries. A call gets no answer for at most --timeout: the deadline runs from its first
 * send, and again from each send after a throttle. Throws the last error, with `$metadata.attempts`.
 */
export async function pacedCall<T>(
  pacer: Pacer,
  endpoint: string,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const budgetMs = pacer.timeoutSeconds * 1000;
  let attempts = 0;
  let failures = 0;
  let deadline: number | undefined;
  let retry = false;
  for (;;) {
    const turn = await pacer.turn(endpoint, retry).catch((error: unknown) => {
      throw withAttempts(error, attempts);
    });
    attempts++;
    deadline ??= performance.now() + budgetMs;
    const timeout = timeoutSignal(Math.max(1, Math.ceil(deadline - performance.now())));
    try {
      const result = await watchedCall(send(timeout.signal), pacer.watcher(endpoint));
      turn.done("answered");
      return result;
    } catch (error) {
      const kind = retryKind(error);
      const silent = kind === "transient" || isAbort(error);
      turn.done(kind === "throttled" ? "throttled" : silent ? "no-answer" : "answered");
      retry = true;
      if (kind === "throttled") {
        if (pacer.gaveUp(endpoint)) throw throttledOut(pacer, endpoint, attempts);
        deadline = undefined;
        continue;
      }
      failures++;
      const left = deadline - performance.now();
      if (kind === "final" || failures >= MAX_TRANSIENT_ATTEMPTS || left <= 0)
        throw withAttempts(error, attempts);
      await sleep(Math.min(left, backoffMs(failures)));
    } finally {
      timeout.clear();
    }
  }
}

/**
 * A signal that aborts after `ms` as AbortSignal.timeout's does (a TimeoutError), with its timer
 * cleared once the call is over: AbortSignal.timeout's timer stays until it fires, so a sync of
 * 10,000 profiles held 10,000 of them (and what they reach) for the whole run.
 */
function timeoutSignal(ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new DOMException("The operation was aborted due to timeout", "TimeoutError"),
      ),
    ms,
  );
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Full jitter over an exponential ceiling, as the SDK's standard retry mode. */
function backoffMs(failures: number): number {
  return Math.floor(Math.random() * BACKOFF_BASE_MS * 2 ** (failures - 1));
}

function throttledOut(pacer: Pacer, endpoint: string, attempts: number): ThrottledOut {
  const error = new ThrottledOut(endpoint, pacer.timeoutSeconds);
  error.attempts = attempts;
  return error;
}

function withAttempts(error: unknown, attempts: number): unknown {
  if (error instanceof ThrottledOut) {
    error.attempts = attempts;
    return error;
  }
  if (typeof error !== "object" || error === null) return error;
  const shaped = error as { $metadata?: Record<string, unknown> };
  shaped.$metadata = { ...shaped.$metadata, attempts };
  return error;
}

/** Our own deadline ran out: the endpoint gave no answer, which says nothing about its rate. */
function isAbort(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "AbortError"
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
