import type { CommandSpec } from "../../model/command-spec.js";
import type { Flags } from "../../model/flags.js";
import { ok, type Result } from "../../model/result.js";
import {
  dryRunOption,
  inPlaceOption,
  jsonOption,
  LOCK_TIMEOUT,
  lockTimeoutSeconds,
  QUIET,
} from "../shared/common-options.js";
import type { CleanActionOptions } from "./clean-action.js";
import { cleanAction } from "./clean-action.js";

/** clean's flags, checked and converted. */
export function cleanOptions(flags: Flags): Result<CleanActionOptions> {
  return flags.result({
    sections: flags.many("--profile"),
    expiredOnly: flags.on("--expired"),
    dryRun: flags.on("--dry-run"),
    lockTimeoutSeconds: lockTimeoutSeconds(flags),
    inPlace: flags.on("--in-place"),
    json: flags.on("--json"),
    quiet: flags.on("--quiet"),
  });
}

/** `clean`: remove owned sections. */
export const cleanSpec: CommandSpec<CleanActionOptions> = {
  name: "clean",
  summary: "Remove sections sso-sync wrote (all, the --profile ones, or --expired ones)",
  usage: "sso-sync clean [--profile SECTION ...] [--expired] [--dry-run]",
  options: [
    {
      flag: "--profile",
      value: "section",
      help: "Section to remove; repeat it, globs work",
      repeat: true,
    },
    { flag: "--expired", help: "Remove only sections whose credentials have expired" },
    dryRunOption("Say what would be removed; change nothing"),
    LOCK_TIMEOUT,
    inPlaceOption(),
    jsonOption("what was removed"),
    QUIET,
  ],
  read: cleanOptions,
  run: async (options, context) => {
    return ok(await cleanAction(options, context));
  },
};
