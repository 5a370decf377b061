import { join } from "node:path";
import { formatDuration } from "../../model/duration.js";
import { failed, ok, type Result, usageFailure } from "../../model/result.js";
import { shellWord } from "../../model/shell-word.js";
import type { TimerPlatformSupport } from "./timer-backend.js";
import { programWords, type TimerSpec } from "./timer-schedule.js";

/** The crontab line, or why the interval cannot be written as one. */
export function crontabLine(spec: TimerSpec): Result<string> {
  const minutes = spec.everyMs / 60_000;
  let schedule: string | undefined;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0)
    schedule = minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  else if (Number.isInteger(minutes / 60) && 24 % (minutes / 60) === 0)
    schedule = minutes === 60 ? "0 * * * *" : `0 */${minutes / 60} * * *`;
  if (schedule === undefined)
    return failed(
      usageFailure(
        `cron cannot run every ${formatDuration(spec.everyMs)}; use an interval that divides an hour or a day (15m, 30m, 1h, 2h)`,
      ),
    );
  const env = Object.entries(spec.env).map(([name, value]) => `${name}=${shellWord(value)}`);
  const command = [...env, ...[...programWords(spec), ...spec.args].map(shellWord)].join(" ");
  const text = `${command} >> ${shellWord(spec.logFile)} 2>&1`;
  // cron turns an unescaped % into a newline and `\%` into `%`; a backslash before a % cannot
  // be written so that the shell sees it.
  if (text.includes("\\%"))
    return failed(
      usageFailure(
        "cron cannot pass a backslash followed by % to the command; use systemd or launchd",
      ),
    );
  return ok(`${schedule} ${text.replaceAll("%", "\\%")} # sso-sync timer`);
}

/** cron: the user's crontab is theirs to edit; sso-sync prints the line and writes nothing. */
export const cron: TimerPlatformSupport = {
  logFile: (place) => join(place.home, ".aws", "sso-sync.log"),
  backend(spec) {
    const line = crontabLine(spec);
    if (!line.ok) return line;
    return {
      ok: true,
      value: {
        kind: "crontab",
        platform: "cron",
        line: line.value,
        installSays: ["cron is managed by you: add this line with crontab -e", line.value],
        uninstallSays: [
          "cron is managed by you: remove the line ending in '# sso-sync timer' with crontab -e",
        ],
      },
    };
  },
};
