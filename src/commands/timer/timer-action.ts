import type { CommandContext } from "../../model/run-context.js";
import { UsageError } from "../../model/usage-error.js";
import type { TimerOptions, TimerPlatform } from "./timer-command.js";

const ACTIONS = ["install", "uninstall", "status"] as const;
const PLATFORMS: readonly TimerPlatform[] = ["systemd", "launchd", "cron"];

/** `timer` as typed: the action word and platform still unchecked. */
export interface TimerRequest extends Omit<TimerOptions, "action" | "platform"> {
  readonly action: string;
  readonly platform?: string;
}

/** Installs, removes or describes the scheduled sync; prints what it did. */
export async function timerAction(request: TimerRequest, context: CommandContext): Promise<number> {
  const action = ACTIONS.find((name) => name === request.action);
  if (action === undefined)
    throw new UsageError(`timer takes install, uninstall or status, not '${request.action}'`);
  const wanted = request.platform ?? defaultPlatform(context.platform);
  const platform = PLATFORMS.find((name) => name === wanted);
  if (platform === undefined)
    throw new UsageError(`--platform takes systemd, launchd or cron, not '${wanted}'`);
  if (request.everyMs < 60_000) throw new UsageError("--every must be at least 1m");
  const { runTimer } = await import("./timer-command.js");
  const outcome = await runTimer(
    { ...request, action, platform },
    { ...context, node: context.execPath, script: context.scriptPath },
  );
  if (outcome.out.length > 0) context.console.out(`${outcome.out.join("\n")}\n`);
  if (outcome.err.length > 0) context.console.err(`${outcome.err.join("\n")}\n`);
  return outcome.code;
}

function defaultPlatform(platform: NodeJS.Platform): TimerPlatform {
  return platform === "linux" ? "systemd" : platform === "darwin" ? "launchd" : "cron";
}
