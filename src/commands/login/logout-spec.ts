import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import type { Result } from "../../model/result.js";
import {
  inPlaceOption,
  LOCK_TIMEOUT,
  ssoSessionOption,
  TIMEOUT,
  timeouts,
} from "../shared/common-options.js";
import { logoutAction } from "./logout-action.js";
import type { LogoutOptions } from "./logout-command.js";

/** logout's flags, checked and converted. */
export function logoutOptions(flags: Flags): Result<LogoutOptions> {
  const session = flags.one("--sso-session");
  const profile = flags.one("--profile");
  const all = flags.on("--all");
  if ([session, profile, all ? "all" : undefined].filter(Boolean).length > 1)
    flags.fail("give one of --sso-session, --profile or --all", undefined);
  return flags.result({
    ...(session === undefined ? {} : { session }),
    ...(profile === undefined ? {} : { profile }),
    all,
    ...timeouts(flags),
    inPlace: flags.on("--in-place"),
  });
}

/** `logout`: the portal's Logout, the token files removed, sso-sync's keys cleaned. */
export const logoutSpec: CommandSpec<LogoutOptions> = {
  name: "logout",
  summary: "Log out of an SSO session: end it at the portal, remove its token and sso-sync's keys",
  usage:
    "sso-sync logout [--sso-session S | --profile P | --all] [--timeout SECONDS] [--lock-timeout SECONDS] [--in-place]",
  options: [
    ssoSessionOption("The [sso-session] to log out of (default: the only one)"),
    {
      flag: "--profile",
      value: "name",
      help: "Log out of this SSO profile's session or start URL",
    },
    { flag: "--all", help: "Log out of every session the config's profiles use" },
    TIMEOUT,
    LOCK_TIMEOUT,
    inPlaceOption("the credentials file"),
  ],
  read: logoutOptions,
  run: async (options, context) => {
    return logoutAction(options, context);
  },
};
