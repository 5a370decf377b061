import type { RunEvent } from "../model/run-context.js";

const CLEAR_LINE = "\r\u001b[K";

/** What a person at the terminal is told, once each: why the run waits, how far it is. */
export function eventPrinter(write: (text: string) => void): (event: RunEvent) => void {
  const said = new Set<string>();
  let progress: string | undefined;
  return (event) => {
    if (event.kind === "progress") {
      // One line, replaced in place, gone when the last job is done.
      const finished = event.done >= event.total;
      progress = finished ? undefined : `sso-sync: ${event.done}/${event.total} fetched`;
      write(`${CLEAR_LINE}${progress ?? ""}`);
      return;
    }
    if (event.kind === "waiting") {
      // On the progress line while there is one; else a line of its own, once per endpoint.
      const waiting = `waiting for an answer from ${endpointWords(event.endpoint)}`;
      if (progress !== undefined) write(`${CLEAR_LINE}${progress}; ${waiting}`);
      else if (!said.has(`waiting ${event.endpoint}`)) write(`sso-sync: ${waiting}\n`);
      said.add(`waiting ${event.endpoint}`);
      return;
    }
    const key = event.kind === "lock-wait" ? `lock-wait ${event.path}` : event.kind;
    if (said.has(key)) return;
    said.add(key);
    write(`${progress === undefined ? "" : CLEAR_LINE}sso-sync: ${notice(event)}\n`);
  };
}

/** `portal eu-west-1` as a person reads it. */
function endpointWords(endpoint: string): string {
  const [service = "", region = ""] = endpoint.split(" ");
  const names: Record<string, string> = {
    portal: "the SSO portal",
    sts: "STS",
    oidc: "SSO-OIDC",
  };
  return `${names[service] ?? service} in ${region}`;
}

function notice(event: Exclude<RunEvent, { kind: "progress" | "waiting" }>): string {
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
