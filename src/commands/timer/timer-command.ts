import type { TimerHost } from "../../io/process/timer-host.js";
import { homeDirectory } from "../../model/aws-paths.js";
import { failed, usageFailure } from "../../model/result.js";
import type {
  TimerOutcome,
  TimerPlace,
  TimerPlatform,
  TimerPlatformSupport,
} from "./timer-backend.js";
import { cron } from "./timer-cron.js";
import { installTimer, uninstallTimer } from "./timer-install.js";
import { launchd } from "./timer-launchd.js";
import { printTimer } from "./timer-print.js";
import { type TimerSpec, timerSpecProblem } from "./timer-schedule.js";
import { schtasks } from "./timer-schtasks.js";
import { timerStatusReport } from "./timer-status.js";
import { systemd } from "./timer-systemd.js";

/** What `timer` was asked to do. */
export interface TimerOptions {
  readonly action: "install" | "uninstall" | "status";
  readonly platform: TimerPlatform;
  readonly print: boolean;
  readonly everyMs: number;
  /** Sync flags for the scheduled run (--profile, --min-validity, --in-place). */
  readonly syncArgs: readonly string[];
  /** `status --json`. */
  readonly json: boolean;
}

/** Where the schedule runs from, and the host its files and helpers are reached through. */
export interface TimerContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly osHome: string;
  readonly node: string;
  /** Absent for a standalone executable: `node` is sso-sync itself. */
  readonly script?: string;
  readonly uid: number;
  readonly now: () => Date;
  readonly host: TimerHost;
}

/** Each platform's backend, by the name `--platform` takes. */
const BACKENDS: Readonly<Record<TimerPlatform, TimerPlatformSupport>> = {
  systemd,
  launchd,
  cron,
  schtasks,
};

// The scheduled run's environment lacks the user's shell; these decide which files and endpoints it uses.
const PASSED_ENV = [
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_SSO",
  "AWS_ENDPOINT_URL_SSO_OIDC",
  // Chained roles call STS: its endpoint must follow the user's setting too.
  "AWS_ENDPOINT_URL_STS",
  // Behind a proxy or a private CA, the scheduled run reaches AWS as the shell does (docs/network.md).
  "AWS_CA_BUNDLE",
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "NO_PROXY",
  "no_proxy",
];

/** Installs, removes or describes the schedule for the platform. */
export async function runTimer(
  options: TimerOptions,
  context: TimerContext,
): Promise<TimerOutcome> {
  const place: TimerPlace = {
    home: homeDirectory(context.env, context.osHome),
    env: context.env,
    uid: context.uid,
    now: context.now,
  };
  const support = BACKENDS[options.platform];
  const spec = timerSpec(options, context, support.logFile(place));
  // A newline in --profile (or in AWS_CONFIG_FILE) would add a directive or a crontab entry;
  // uninstall and status write nothing, so they still work.
  const unwritable = options.action === "install" ? timerSpecProblem(spec) : undefined;
  if (unwritable !== undefined) return failed(usageFailure(unwritable));
  const made = support.backend(spec, place);
  if (!made.ok) return made;
  const backend = made.value;
  const { host } = context;
  if (options.print && options.action !== "status")
    return printTimer(options.action, backend, host);
  if (options.action === "install") return installTimer(backend, host);
  if (options.action === "uninstall") return uninstallTimer(backend, host);
  return timerStatusReport(backend, host, context.now(), options.json);
}

function timerSpec(options: TimerOptions, context: TimerContext, logFile: string): TimerSpec {
  const env: Record<string, string> = {};
  for (const name of PASSED_ENV) {
    const value = context.env[name];
    if (value !== undefined && value !== "") env[name] = value;
  }
  // Non-interactive and quiet: only what needs attention reaches the journal or log.
  const args = ["sync", "--quiet", "--notify", "--clean-expired", ...options.syncArgs];
  return {
    node: context.node,
    ...(context.script === undefined ? {} : { script: context.script }),
    args,
    everyMs: options.everyMs,
    env,
    logFile,
  };
}
