import { UsageError } from "../model/usage-error.js";
import { act, type Register } from "./action.js";

/** `setup`: from a start URL to synced profiles, asking at a terminal for what is not given. */
export const setupCommand: Register = (cli, argv, context) => {
  const setup = cli
    .command(
      "setup",
      "Set up from a start URL: write the [sso-session], log in, add a profile per account and role, sync",
    )
    .usage(
      "sso-sync setup [--start-url URL] [--region R] [--sso-session NAME] [--template T] [--account GLOB] [--role GLOB]",
    )
    .option("--start-url <url>", "The AWS access portal URL (asked for at a terminal)")
    .option("--region <region>", "The region of your IAM Identity Center (asked for at a terminal)")
    .option("--sso-session <name>", "The [sso-session] to write (asked for at a terminal)")
    .option(
      "--template <text>",
      "Profile name: {account_name}, {account_id}, {role_name}, {email}",
      { default: "{account_name}.{role_name}" },
    )
    .option("--account <glob>", "Only accounts whose id or name matches; repeat it", {
      type: [String],
    })
    .option("--role <glob>", "Only roles whose name matches; repeat it", { type: [String] })
    .example("sso-sync setup")
    .example(
      "sso-sync setup --start-url https://my-company.awsapps.com/start --region eu-west-1 --sso-session my-company",
    );
  act(setup, argv, context, async (flags, ctx) => {
    const { DEFAULT_TEMPLATE, templateProblem } = await import(
      "../commands/populate/populate-plan.js"
    );
    const template = flags.one("--template") ?? DEFAULT_TEMPLATE;
    const problem = templateProblem(template);
    if (problem !== undefined) throw new UsageError(problem);
    const startUrl = flags.one("--start-url");
    const region = flags.one("--region");
    const session = flags.one("--sso-session");
    const { setupAction } = await import("../commands/setup/setup-action.js");
    return setupAction(
      {
        ...(startUrl === undefined ? {} : { startUrl }),
        ...(region === undefined ? {} : { region }),
        ...(session === undefined ? {} : { session }),
        template,
        accounts: flags.many("--account"),
        roles: flags.many("--role"),
      },
      ctx,
    );
  });
};
