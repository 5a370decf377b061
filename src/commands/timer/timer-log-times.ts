import type { TimerHost } from "../../io/process/timer-host.js";
import type { RunTimes } from "./timer-backend.js";

/**
 * Next and last run told from the run's log file (launchd and the Task Scheduler append to it):
 * the last run is its modification time, the next one an interval later, or now.
 */
export async function logFileTimes(
  host: TimerHost,
  logFile: string,
  everyMs: number,
  now: Date,
): Promise<RunTimes> {
  const last = await host.modified(logFile);
  const next =
    last === undefined ? now : new Date(Math.max(now.getTime(), last.getTime() + everyMs));
  return {
    nextRun: `about ${next.toISOString()}`,
    ...(last === undefined ? {} : { lastRun: `${last.toISOString()} (log modified)` }),
    logs: logFile,
  };
}
