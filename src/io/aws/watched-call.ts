// A person at a terminal hears what a call waits for once it has been silent this long.
const WATCH_AFTER_MS = 1000;

/** `call`, calling `onWaiting` once if it is still unsettled after a second. */
export function watchedCall<T>(call: Promise<T>, onWaiting: (() => void) | undefined): Promise<T> {
  if (onWaiting === undefined) return call;
  const timer = setTimeout(onWaiting, WATCH_AFTER_MS);
  timer.unref();
  return call.finally(() => clearTimeout(timer));
}
