import type { CommandSpec } from "../../model/command-spec.js";
import { DEFAULTS } from "../../model/defaults.js";
import type { Flags } from "../../model/flags.js";
import { failed, type Result } from "../../model/result.js";
import { minValidityOption, profilesOption } from "../shared/common-options.js";
import { timerAction, timerOptions } from "./timer-action.js";
import type { TimerOptions } from "./timer-command.js";

/** timer's flags, checked as a whole request before anything is touched. */
export function readTimerOptions(flags: Flags, host: NodeJS.Platform): Result<TimerOptions> {
  const platform = flags.one("--platform");
  const minValidity = flags.one("--min-validity");
  const request = {
    action: flags.positional(0) ?? "",
    ...(platform === undefined ? {} : { platform }),
    print: flags.on("--print"),
    json: flags.on("--json"),
    everyMs: flags.duration("--every"),
    profiles: flags.many("--profile"),
    inPlace: flags.on("--in-place"),
    // No default: the timer derives one from --every.
    ...(minValidity === undefined ? {} : { minValidityMs: flags.duration("--min-validity") }),
  };
  const read = flags.result(request);
  return read.ok ? timerOptions(read.value, host) : failed(read.failure);
}

/** `timer install|uninstall|status`: sso-sync on a schedule. */
export const timerSpec: CommandSpec<TimerOptions> = {
  name: "timer",
  summary: "Run sso-sync on a schedule: install, uninstall or status",
  usage: "sso-sync timer install|uninstall|status [--every 30m] [--print] [options]",
  positional: { name: "action", required: true, completes: ["install", "uninstall", "status"] },
  options: [
    profilesOption("Profile for the scheduled sync"),
    minValidityOption(
      "For the scheduled sync; at least --every plus 5m (default: --every plus 15m)",
      false,
    ),
    {
      flag: "--every",
      value: "duration",
      help: "How often the scheduled sync runs",
      default: DEFAULTS.every,
    },
    {
      flag: "--platform",
      value: "name",
      help: "systemd, launchd, cron or schtasks (default: this machine's)",
      completes: ["systemd", "launchd", "cron"],
    },
    { flag: "--print", help: "Print what would be installed or removed; change nothing" },
    { flag: "--json", help: "timer status: print the status as JSON on stdout" },
    {
      flag: "--in-place",
      help: "The scheduled sync writes the credentials file in place, as sync --in-place",
    },
  ],
  read: (flags, where) => readTimerOptions(flags, where.platform),
  run: async (options, context) => {
    return timerAction(options, context);
  },
};
