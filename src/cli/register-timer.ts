import { act, type Register } from "./action.js";
import { DEFAULTS, durationValue } from "./flags.js";
import { minValidityOption, profilesOption } from "./options.js";

/** `timer install|uninstall|status`. */
export const timerCommand: Register = (cli, argv, context) => {
  let timer = cli
    .command("timer <action>", "Run sso-sync on a schedule: install, uninstall or status")
    .usage("sso-sync timer install|uninstall|status [--every 30m] [--print] [options]");
  timer = profilesOption(timer, "Profile for the scheduled sync");
  timer = minValidityOption(
    timer,
    "For the scheduled sync; at least --every plus 5m (default: --every plus 15m)",
    false,
  )
    .option("--every <duration>", "How often the scheduled sync runs", { default: DEFAULTS.every })
    .option("--platform <name>", "systemd, launchd, cron or schtasks (default: this machine's)")
    .option("--print", "Print what would be installed or removed; change nothing")
    .option("--json", "timer status: print the status as JSON on stdout")
    .option(
      "--in-place",
      "The scheduled sync writes the credentials file in place, as sync --in-place",
    );
  act(timer, argv, context, async (flags, ctx) => {
    const { timerAction } = await import("../commands/timer/timer-action.js");
    const minValidity = flags.one("--min-validity");
    const platform = flags.one("--platform");
    return timerAction(
      {
        action: flags.positional(0) ?? "",
        ...(platform === undefined ? {} : { platform }),
        print: flags.on("print"),
        json: flags.on("json"),
        inPlace: flags.on("inPlace"),
        everyMs: flags.duration("--every", DEFAULTS.every),
        profiles: flags.many("--profile"),
        ...(minValidity === undefined
          ? {}
          : { minValidityMs: durationValue("--min-validity", minValidity) }),
      },
      ctx,
    );
  });
};
