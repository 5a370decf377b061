import type { TimerHost } from "../../io/process/timer-host.js";
import { ExitCode } from "../../model/exit-code.js";
import { ok } from "../../model/result.js";
import type { TimerBackend, TimerOutcome, TimerPlatform } from "./timer-backend.js";
import { presentFiles } from "./timer-install.js";

/** What `timer status` found; the text and the JSON both come from it. */
export interface TimerStatus {
  readonly platform: TimerPlatform;
  readonly installed: boolean;
  readonly files: readonly string[];
  readonly nextRun?: string;
  readonly lastRun?: string;
  readonly lastResult?: string;
  readonly logs?: string;
  /** For cron: the line sso-sync would use (cron is managed by the user). */
  readonly cronLine?: string;
}

/** `timer status`, as lines or as the `--json` document. */
export async function timerStatusReport(
  backend: TimerBackend,
  host: TimerHost,
  now: Date,
  json: boolean,
): Promise<TimerOutcome> {
  const found = await timerStatus(backend, host, now);
  if (json) return ok([JSON.stringify({ version: 1, exitCode: ExitCode.ok, ...found }, null, 2)]);
  return ok(statusLines(found));
}

/** Whether every file is in place and, when so, what the backend knows of the runs. */
export async function timerStatus(
  backend: TimerBackend,
  host: TimerHost,
  now: Date,
): Promise<TimerStatus> {
  const { platform } = backend;
  if (backend.kind === "crontab")
    return { platform, installed: false, files: [], cronLine: backend.line };
  const files = backend.files.map((file) => file.path);
  const installed = (await presentFiles(host, backend.files)).length === files.length;
  if (!installed) return { platform, installed, files };
  return { platform, installed, files, ...(await backend.times(host, now)) };
}

function statusLines(found: TimerStatus): string[] {
  if (found.cronLine !== undefined)
    return ["cron is managed by you; sso-sync would use:", found.cronLine];
  if (!found.installed) return ["no sso-sync timer is installed (sso-sync timer install)"];
  return [
    ...found.files.map((path) => `installed: ${path}`),
    `next run: ${found.nextRun ?? "unknown"}`,
    `last run: ${found.lastRun ?? "none logged yet"}${found.lastResult === undefined ? "" : ` (${found.lastResult})`}`,
    `logs: ${found.logs ?? "unknown"}`,
  ];
}
