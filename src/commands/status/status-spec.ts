import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import type { Result } from "../../model/result.js";
import { jsonOption, minValidityOption, profilesOption } from "../shared/common-options.js";
import type { StatusActionOptions } from "./status-action.js";
import { statusAction } from "./status-action.js";

/** status's flags, checked and converted. */
export function statusOptions(flags: Flags): Result<StatusActionOptions> {
  return flags.result({
    profiles: flags.many("--profile"),
    minValidityMs: flags.duration("--min-validity"),
    json: flags.on("--json"),
  });
}

/** `status`: look, never write, no network. */
export const statusSpec: CommandSpec<StatusActionOptions> = {
  name: "status",
  summary: "Show each SSO profile's session, section and expiry (no network)",
  usage: "sso-sync status [--profile P ...] [--json]",
  options: [
    profilesOption("Profile to show"),
    minValidityOption("Call a section expiring within this long 'expiring'"),
    jsonOption("the status"),
  ],
  read: statusOptions,
  run: async (options, context) => {
    return statusAction(options, context);
  },
};
