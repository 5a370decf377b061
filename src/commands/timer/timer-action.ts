import { systemTimerHost } from "../../io/process/timer-host.js";
import { formatDuration } from "../../model/duration.js";
import { ExitCode } from "../../model/exit-code.js";
import { failed, ok, type Result, usageFailure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import type { TimerPlatform } from "./timer-backend.js";
import { runTimer, type TimerOptions } from "./timer-command.js";

const ACTIONS = ["install", "uninstall", "status"] as const;
const PLATFORMS: readonly TimerPlatform[] = ["systemd", "launchd", "cron", "schtasks"];
const MINUTE_MS = 60_000;

/** `timer` as typed: the action word and platform still unchecked. */
export interface TimerRequest {
  readonly action: string;
  readonly platform?: string;
  readonly print: boolean;
  readonly everyMs: number;
  readonly profiles: readonly string[];
  readonly minValidityMs?: number;
  readonly json: boolean;
  /** The scheduled sync writes the credentials file in place (`sync --in-place`). */
  readonly inPlace: boolean;
}

/** Installs, removes or describes the scheduled sync; prints what it did. */
export async function timerAction(
  options: TimerOptions,
  context: CommandContext,
): Promise<Result<number>> {
  const outcome = await runTimer(options, {
    ...context,
    node: context.execPath,
    // A standalone executable (Node's single-executable applications) is its own script: Node
    // gives it its own path as argv[1], which the scheduled command must not repeat.
    ...(context.scriptPath === context.execPath ? {} : { script: context.scriptPath }),
    host: systemTimerHost(),
  });
  if (!outcome.ok) return outcome;
  if (outcome.value.length > 0) context.console.out(`${outcome.value.join("\n")}\n`);
  return ok(ExitCode.ok);
}

/** Checks the request and decides the scheduled command's flags. */
export function timerOptions(request: TimerRequest, host: NodeJS.Platform): Result<TimerOptions> {
  const action = ACTIONS.find((name) => name === request.action);
  if (action === undefined)
    return usage(`timer takes install, uninstall or status, not '${request.action}'`);
  const wanted = request.platform ?? defaultPlatform(host);
  const platform = PLATFORMS.find((name) => name === wanted);
  if (platform === undefined)
    return usage(`--platform takes systemd, launchd, cron or schtasks, not '${wanted}'`);
  if (request.everyMs < MINUTE_MS) return usage("--every must be at least 1m");
  if (request.print && action === "status")
    return usage("--print goes with install or uninstall; status changes nothing anyway");
  const syncArgs = request.profiles.flatMap((profile) => ["--profile", profile]);
  const minValidity = scheduledMinValidity(request);
  if (!minValidity.ok) return minValidity;
  syncArgs.push("--min-validity", formatDuration(minValidity.value));
  if (request.inPlace) syncArgs.push("--in-place");
  if (request.json && action !== "status")
    return usage("--json goes with timer status; install and uninstall say what they did");
  const { print, everyMs, json } = request;
  return ok({ action, platform, print, everyMs, syncArgs, json });
}

function usage<T>(message: string): Result<T> {
  return failed(usageFailure(message));
}

/**
 * A section skipped as fresh must still be valid at the next run: min-validity covers the
 * interval plus a margin, or a section expiring in 20 minutes under a 30-minute timer would lapse.
 */
function scheduledMinValidity(request: TimerRequest): Result<number> {
  const floor = request.everyMs + 5 * MINUTE_MS;
  if (request.minValidityMs === undefined) return ok(request.everyMs + 15 * MINUTE_MS);
  if (request.minValidityMs < floor)
    return usage(
      `--min-validity ${formatDuration(request.minValidityMs)} is shorter than --every ${formatDuration(request.everyMs)} plus 5m: a section could expire between two runs; use at least ${formatDuration(floor)}`,
    );
  return ok(request.minValidityMs);
}

function defaultPlatform(platform: NodeJS.Platform): TimerPlatform {
  if (platform === "linux") return "systemd";
  if (platform === "darwin") return "launchd";
  return platform === "win32" ? "schtasks" : "cron";
}
