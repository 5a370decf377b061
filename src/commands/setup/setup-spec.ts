import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import type { Result } from "../../model/result.js";
import { templateProblem } from "../populate/populate-plan.js";
import { ASSIGNMENT_FILTERS, ssoSessionOption, TEMPLATE } from "../shared/common-options.js";
import type { SetupOptions } from "./setup-action.js";
import { setupAction } from "./setup-action.js";

/** setup's flags, checked and converted; a missing value is asked for later, at a terminal. */
export function setupOptions(flags: Flags): Result<SetupOptions> {
  const template = flags.one("--template") ?? "";
  const problem = templateProblem(template);
  if (problem !== undefined) flags.fail(problem, undefined);
  const startUrl = flags.one("--start-url");
  const region = flags.one("--region");
  const session = flags.one("--sso-session");
  return flags.result({
    ...(startUrl === undefined ? {} : { startUrl }),
    ...(region === undefined ? {} : { region }),
    ...(session === undefined ? {} : { session }),
    template,
    accounts: flags.many("--account"),
    roles: flags.many("--role"),
  });
}

/** `setup`: from a start URL to synced profiles, asking at a terminal for what is not given. */
export const setupSpec: CommandSpec<SetupOptions> = {
  name: "setup",
  summary:
    "Set up from a start URL: write the [sso-session], log in, add a profile per account and role, sync",
  usage:
    "sso-sync setup [--start-url URL] [--region R] [--sso-session NAME] [--template T] [--account GLOB] [--role GLOB]",
  examples: [
    "sso-sync setup",
    "sso-sync setup --start-url https://my-company.awsapps.com/start --region eu-west-1 --sso-session my-company",
  ],
  options: [
    {
      flag: "--start-url",
      value: "url",
      help: "The AWS access portal URL (asked for at a terminal)",
    },
    {
      flag: "--region",
      value: "region",
      help: "The region of your IAM Identity Center (asked for at a terminal)",
    },
    ssoSessionOption("The [sso-session] to write (asked for at a terminal)"),
    TEMPLATE,
    ...ASSIGNMENT_FILTERS,
  ],
  read: setupOptions,
  run: async (options, context) => {
    return setupAction(options, context);
  },
};
