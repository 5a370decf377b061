import { act, type Register } from "./action.js";
import {
  concurrencyOption,
  dryRunOption,
  forceOption,
  inPlaceOption,
  jsonOption,
  lockTimeoutOption,
  minValidityOption,
  profilesOption,
  quietOption,
  timeoutOption,
} from "./options.js";
import { lockTimeoutSeconds, syncOptions } from "./read-options.js";

/** `sso-sync [sync]` and `clean`: write and remove owned sections. */
export const syncCommands: Register = (cli, argv, context) => {
  {
    // `sync` is also the default command: `sso-sync --profile dev` is `sso-sync sync --profile dev`.
    const declared = cli
      .command("sync", "Sync every SSO profile (or the --profile ones) into ~/.aws/credentials")
      .alias("!")
      .usage("sso-sync [sync] [--profile P ...] [options]")
      .example("sso-sync --profile 'team-*' --min-validity 1h")
      .example("sso-sync --dry-run");
    let command = profilesOption(declared, "Profile to sync");
    command = minValidityOption(command, "Skip sections valid for at least this long");
    for (const add of [forceOption, concurrencyOption, timeoutOption, lockTimeoutOption])
      command = add(command);
    command = command
      .option("--take-over", "Replace a section sso-sync did not write (the file is backed up)")
      .option("--login", "When a session needs login and you are at a terminal, log in first")
      .option("--notify", "When a session needs login, also show a desktop notification")
      .option("--clean-expired", "Afterwards remove owned sections that are still expired");
    command = inPlaceOption(command);
    command = quietOption(command);
    command = dryRunOption(command, "Say what would change; call no portal and write nothing");
    command = jsonOption(command, "a report (no secrets)");
    act(command, argv, context, async (flags, ctx) => {
      const { syncAction } = await import("../commands/sync/sync-action.js");
      const options = {
        ...syncOptions(flags),
        json: flags.on("json"),
        quiet: flags.on("quiet"),
        login: flags.on("login"),
        notify: flags.on("notify"),
        cleanExpired: flags.on("cleanExpired"),
      };
      return syncAction(options, ctx);
    });
  }
  let clean = cli
    .command("clean", "Remove sections sso-sync wrote (all, the --profile ones, or --expired ones)")
    .usage("sso-sync clean [--profile SECTION ...] [--expired] [--dry-run]")
    .option("--profile <section>", "Section to remove; repeat it, globs work", { type: [String] })
    .option("--expired", "Remove only sections whose credentials have expired");
  clean = lockTimeoutOption(dryRunOption(clean, "Say what would be removed; change nothing"));
  clean = quietOption(jsonOption(inPlaceOption(clean), "what was removed"));
  act(clean, argv, context, async (flags, ctx) => {
    const { cleanAction } = await import("../commands/clean/clean-action.js");
    const options = {
      sections: flags.many("--profile"),
      expiredOnly: flags.on("expired"),
      dryRun: flags.on("dryRun"),
      lockTimeoutSeconds: lockTimeoutSeconds(flags),
      inPlace: flags.on("inPlace"),
      json: flags.on("json"),
      quiet: flags.on("quiet"),
    };
    return cleanAction(options, ctx);
  });
};
