import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import { ok, type Result } from "../../model/result.js";
import {
  CONCURRENCY,
  dryRunOption,
  FORCE,
  inPlaceOption,
  jsonOption,
  LOCK_TIMEOUT,
  minValidityOption,
  portalSettings,
  profilesOption,
  QUIET,
  TIMEOUT,
} from "../shared/common-options.js";
import type { SyncActionOptions } from "./sync-action.js";
import { syncAction } from "./sync-action.js";

/** sync's flags, checked and converted. */
export function syncOptions(flags: Flags): Result<SyncActionOptions> {
  return flags.result({
    profiles: flags.many("--profile"),
    ...portalSettings(flags),
    minValidityMs: flags.duration("--min-validity"),
    force: flags.on("--force"),
    takeOver: flags.on("--take-over"),
    dryRun: flags.on("--dry-run"),
    json: flags.on("--json"),
    quiet: flags.on("--quiet"),
    login: flags.on("--login"),
    notify: flags.on("--notify"),
    cleanExpired: flags.on("--clean-expired"),
    inPlace: flags.on("--in-place"),
  });
}

/** `sso-sync [sync]`, also the default command: `sso-sync --profile dev` is a sync. */
export const syncSpec: CommandSpec<SyncActionOptions> = {
  name: "sync",
  summary: "Sync every SSO profile (or the --profile ones) into ~/.aws/credentials",
  usage: "sso-sync [sync] [--profile P ...] [options]",
  examples: ["sso-sync --profile 'team-*' --min-validity 1h", "sso-sync --dry-run"],
  options: [
    profilesOption("Profile to sync"),
    minValidityOption("Skip sections valid for at least this long"),
    FORCE,
    CONCURRENCY,
    TIMEOUT,
    LOCK_TIMEOUT,
    {
      flag: "--take-over",
      help: "Replace a section sso-sync did not write (the file is backed up)",
    },
    {
      flag: "--login",
      help: "When a session needs login and you are at a terminal, log in first",
    },
    { flag: "--notify", help: "When a session needs login, also show a desktop notification" },
    { flag: "--clean-expired", help: "Afterwards remove owned sections that are still expired" },
    inPlaceOption(),
    QUIET,
    dryRunOption("Say what would change; call no portal and write nothing"),
    jsonOption("a report (no secrets)"),
  ],
  read: syncOptions,
  run: async (options, context) => {
    return ok(await syncAction(options, context));
  },
};
