import type { AssignmentOptions } from "../commands/shared/fetch-assignments.js";
import type { SyncOptions } from "../commands/sync/sync-command.js";
import { UsageError } from "../model/usage-error.js";
import { DEFAULTS, type Flags } from "./flags.js";

/** How patient to be with other runs holding a file. */
export function lockTimeoutSeconds(flags: Flags): number {
  return flags.number("--lock-timeout", DEFAULTS.lockTimeoutSeconds, 0, 600);
}

/** The portal-facing settings every network command shares. */
function portalSettings(flags: Flags) {
  return {
    concurrency: flags.integer("--concurrency", DEFAULTS.concurrency, 1, 256),
    timeoutSeconds: flags.number("--timeout", DEFAULTS.timeoutSeconds, 0.1, 600),
    lockTimeoutSeconds: lockTimeoutSeconds(flags),
  };
}

/** The sync flags, checked and converted. */
export function syncOptions(flags: Flags): SyncOptions {
  return {
    profiles: flags.many("--profile"),
    ...portalSettings(flags),
    minValidityMs: flags.duration("--min-validity", DEFAULTS.minValidity),
    force: flags.on("force"),
    takeOver: flags.on("takeOver"),
    dryRun: flags.on("dryRun"),
    inPlace: flags.on("inPlace"),
  };
}

/** env, exec and process: exactly one profile. */
export function serveOptions(flags: Flags) {
  const [profile, ...extra] = flags.many("--profile");
  if (profile === undefined || extra.length > 0)
    throw new UsageError("name exactly one profile with --profile");
  const { concurrency: _unused, ...settings } = portalSettings(flags);
  return {
    profile,
    ...settings,
    minValidityMs: flags.duration("--min-validity", DEFAULTS.minValidity),
    force: flags.on("force"),
    login: flags.on("login"),
  };
}

/** accounts and populate: which session to list, and how patiently. */
export function listingOptions(flags: Flags): AssignmentOptions {
  const session = flags.one("--sso-session");
  const profile = flags.one("--profile");
  // Both would name a token each; one of them would be ignored without a word.
  if (session !== undefined && profile !== undefined)
    throw new UsageError("give --sso-session or --profile, not both");
  return {
    ...(session === undefined ? {} : { session }),
    ...(profile === undefined ? {} : { profile }),
    ...portalSettings(flags),
  };
}
