import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import type { Result } from "../../model/result.js";
import {
  CONCURRENCY,
  jsonOption,
  LOCK_TIMEOUT,
  ssoSessionOption,
  TIMEOUT,
} from "../shared/common-options.js";
import type { AssignmentOptions } from "../shared/fetch-assignments.js";
import { listingOptions } from "../shared/listing-flags.js";
import { accountsAction } from "./accounts-action.js";

type AccountsOptions = AssignmentOptions & { readonly json: boolean };

/** accounts's flags, checked and converted. */
export function accountsOptions(flags: Flags): Result<AccountsOptions> {
  return flags.result({ ...listingOptions(flags), json: flags.on("--json") });
}

/** `accounts`: what the SSO session may use. */
export const accountsSpec: CommandSpec<AccountsOptions> = {
  name: "accounts",
  summary: "List every account and role your SSO session may use",
  usage: "sso-sync accounts [--sso-session S | --profile P] [--json]",
  options: [
    ssoSessionOption("The [sso-session] whose token to use"),
    CONCURRENCY,
    TIMEOUT,
    LOCK_TIMEOUT,
    {
      flag: "--profile",
      value: "name",
      help: "Use this SSO profile's session instead of --sso-session",
    },
    jsonOption("the assignments"),
  ],
  read: accountsOptions,
  run: async (options, context) => {
    return accountsAction(options, context);
  },
};
