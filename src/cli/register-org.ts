import { act, type Register } from "./action.js";
import type { Flags } from "./flags.js";
import {
  concurrencyOption,
  dryRunOption,
  inPlaceOption,
  jsonOption,
  lockTimeoutOption,
  quietOption,
  timeoutOption,
} from "./options.js";
import { listingOptions } from "./read-options.js";

/** `accounts` and `populate`: what the SSO session may use, and profiles for it. */
export const orgCommands: Register = (cli, argv, context) => {
  const declare = (name: string, description: string, usage: string) => {
    const command = cli
      .command(name, description)
      .usage(usage)
      .option("--sso-session <name>", "The [sso-session] whose token to use");
    return lockTimeoutOption(timeoutOption(concurrencyOption(command)));
  };
  let accounts = declare(
    "accounts",
    "List every account and role your SSO session may use",
    "sso-sync accounts [--sso-session S | --profile P] [--json]",
  );
  accounts = accounts.option(
    "--profile <name>",
    "Use this SSO profile's session instead of --sso-session",
  );
  act(jsonOption(accounts, "the assignments"), argv, context, async (flags, ctx) => {
    const { accountsAction } = await import("../commands/accounts/accounts-action.js");
    return accountsAction({ ...listingOptions(flags), json: flags.on("json") }, ctx);
  });
  const populate = declare(
    "populate",
    "Write one profile per account and role into ~/.aws/config",
    "sso-sync populate --sso-session S [options]",
  )
    .option(
      "--template <text>",
      "Profile name: {account_name}, {account_id}, {role_name}, {email}",
      {
        default: "{account_name}.{role_name}",
      },
    )
    .option("--region <region>", "region = for every populated profile")
    .option("--output <format>", "output = for every populated profile")
    .option("--account <glob>", "Only accounts whose id or name matches; repeat it", {
      type: [String],
    })
    .option("--role <glob>", "Only roles whose name matches; repeat it", { type: [String] })
    .option("--prune", "Remove populated profiles whose assignment is gone from the portal")
    .option("--duplicate", "Also add a profile for an assignment another profile already uses");
  act(
    quietOption(
      jsonOption(
        dryRunOption(inPlaceOption(populate, "the config"), "Show the diff; change nothing"),
        "the changes",
      ),
    ),
    argv,
    context,
    async (flags, ctx) => {
      const { populateAction } = await import("../commands/populate/populate-action.js");
      return populateAction(await populateRequest(flags), ctx);
    },
  );
};

async function populateRequest(flags: Flags) {
  const listing = listingOptions(flags);
  const { UsageError } = await import("../model/usage-error.js");
  if (listing.session === undefined) throw new UsageError("populate needs --sso-session NAME");
  const { DEFAULT_TEMPLATE, templateProblem } = await import(
    "../commands/populate/populate-plan.js"
  );
  const template = flags.one("--template") ?? DEFAULT_TEMPLATE;
  const problem = templateProblem(template);
  if (problem !== undefined) throw new UsageError(problem);
  const region = flags.one("--region");
  const output = flags.one("--output");
  return {
    ...listing,
    session: listing.session,
    template,
    ...(region === undefined ? {} : { region }),
    ...(output === undefined ? {} : { output }),
    accounts: flags.many("--account"),
    roles: flags.many("--role"),
    prune: flags.on("prune"),
    duplicate: flags.on("duplicate"),
    dryRun: flags.on("dryRun"),
    inPlace: flags.on("inPlace"),
    json: flags.on("json"),
    quiet: flags.on("quiet"),
  };
}
