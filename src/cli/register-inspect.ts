import { doctorAction } from "../commands/doctor/doctor-action.js";
import { statusAction } from "../commands/status/status-action.js";
import { act, type Register } from "./action.js";
import { DEFAULTS } from "./flags.js";
import { jsonOption, minValidityOption, profilesOption } from "./options.js";

/** `status` and `doctor`: look, never write. */
export const inspectCommands: Register = (cli, argv, context) => {
  let status = cli
    .command("status", "Show each SSO profile's session, section and expiry (no network)")
    .usage("sso-sync status [--profile P ...] [--json]");
  status = profilesOption(status, "Profile to show");
  status = minValidityOption(status, "Call a section expiring within this long 'expiring'");
  act(jsonOption(status, "the status"), argv, context, async (flags, ctx) => {
    const options = {
      profiles: flags.many("--profile"),
      minValidityMs: flags.duration("--min-validity", DEFAULTS.minValidity),
      json: flags.on("json"),
    };
    return statusAction(options, ctx);
  });
  const doctor = cli
    .command("doctor", "Find what makes AWS tools use the wrong identity or fail, and say the fix")
    .usage("sso-sync doctor [--json]");
  act(jsonOption(doctor, "the findings"), argv, context, async (flags, ctx) => {
    return doctorAction({ json: flags.on("json") }, ctx);
  });
};
