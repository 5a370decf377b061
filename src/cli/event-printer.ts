import type { RunEvent } from "../model/run-context.js";

const CLEAR_LINE = "\r\u001b[K";

/** What a person at the terminal is told, once each: why the run waits, how far it is. */
export function eventPrinter(write: (text: string) => void): (event: RunEvent) => void {
  const said = new Set<string>();
  let progressShown = false;
  return (event) => {
    if (event.kind === "progress") {
      // One line, replaced in place, gone when the last job is done.
      const finished = event.done >= event.total;
      write(finished ? CLEAR_LINE : `${CLEAR_LINE}sso-sync: ${event.done}/${event.total} fetched`);
      progressShown = !finished;
      return;
    }
    const key = event.kind === "lock-wait" ? `lock-wait ${event.path}` : event.kind;
    if (said.has(key)) return;
    said.add(key);
    write(`${progressShown ? CLEAR_LINE : ""}sso-sync: ${notice(event)}\n`);
  };
}

function notice(event: Exclude<RunEvent, { kind: "progress" }>): string {
  if (event.kind === "throttled")
    return "the SSO portal is throttling requests; pacing them (this run will take longer)";
  return `waiting for another sso-sync to release ${event.path}`;
}

/** Says each notice once, on its own line: for terminals and logs alike. */
export function noticePrinter(write: (text: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    write(`sso-sync: ${message}\n`);
  };
}
