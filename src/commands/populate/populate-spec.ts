import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import type { Result } from "../../model/result.js";
import {
  ASSIGNMENT_FILTERS,
  CONCURRENCY,
  dryRunOption,
  inPlaceOption,
  jsonOption,
  LOCK_TIMEOUT,
  QUIET,
  ssoSessionOption,
  TEMPLATE,
  TIMEOUT,
} from "../shared/common-options.js";
import { listingOptions } from "../shared/listing-flags.js";
import type { PopulateActionOptions } from "./populate-action.js";
import { populateAction } from "./populate-action.js";
import { templateProblem } from "./populate-plan.js";

/** populate's flags, checked and converted (the template's placeholders too). */
export async function populateOptions(flags: Flags): Promise<Result<PopulateActionOptions>> {
  const listing = listingOptions(flags);
  const session = listing.session ?? flags.fail("populate needs --sso-session NAME", "");
  const template = flags.one("--template") ?? "";
  const problem = templateProblem(template);
  if (problem !== undefined) flags.fail(problem, undefined);
  const region = flags.one("--region");
  const output = flags.one("--output");
  return flags.result({
    ...listing,
    session,
    template,
    ...(region === undefined ? {} : { region }),
    ...(output === undefined ? {} : { output }),
    accounts: flags.many("--account"),
    roles: flags.many("--role"),
    prune: flags.on("--prune"),
    duplicate: flags.on("--duplicate"),
    dryRun: flags.on("--dry-run"),
    inPlace: flags.on("--in-place"),
    json: flags.on("--json"),
    quiet: flags.on("--quiet"),
  });
}

/** `populate`: one profile per account and role in ~/.aws/config. */
export const populateSpec: CommandSpec<PopulateActionOptions> = {
  name: "populate",
  summary: "Write one profile per account and role into ~/.aws/config",
  usage: "sso-sync populate --sso-session S [options]",
  options: [
    ssoSessionOption("The [sso-session] whose token to use"),
    CONCURRENCY,
    TIMEOUT,
    LOCK_TIMEOUT,
    TEMPLATE,
    { flag: "--region", value: "region", help: "region = for every populated profile" },
    { flag: "--output", value: "format", help: "output = for every populated profile" },
    ...ASSIGNMENT_FILTERS,
    {
      flag: "--prune",
      help: "Remove populated profiles whose assignment is gone from the portal",
    },
    {
      flag: "--duplicate",
      help: "Also add a profile for an assignment another profile already uses",
    },
    inPlaceOption("the config"),
    dryRunOption("Show the diff; change nothing"),
    jsonOption("the changes"),
    QUIET,
  ],
  read: populateOptions,
  run: async (options, context) => {
    return populateAction(options, context);
  },
};
