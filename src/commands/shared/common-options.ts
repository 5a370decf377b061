import { DEFAULTS } from "../../model/defaults.js";
import type { Flags } from "../../model/flags.js";
import type { OptionSpec } from "../../model/option-spec.js";

// Each option shared by several commands is declared here once, so its help text cannot drift.
// A command's spec lists its options in help order; one that only it has is written inline.

/** `--profile`, repeatable, with globs and SRC:DEST. */
export function profilesOption(what: string): OptionSpec {
  return {
    flag: "--profile",
    value: "name",
    help: `${what}; repeat it, use globs (team-*), or SRC:DEST for section [DEST]`,
    repeat: true,
  };
}

/** `--min-validity`, with what it means for this command. */
export function minValidityOption(meaning: string, withDefault = true): OptionSpec {
  const option = { flag: "--min-validity", value: "duration", help: `${meaning} (30m, 2h)` };
  return withDefault ? { ...option, default: DEFAULTS.minValidity } : option;
}

/** `--force`. */
export const FORCE: OptionSpec = {
  flag: "--force",
  help: "Fetch new credentials even when the section is fresh",
};

/** `--timeout`. */
export const TIMEOUT: OptionSpec = {
  flag: "--timeout",
  value: "seconds",
  help: "Give up on an AWS call after this long without progress (no answer, or every request throttled)",
  default: DEFAULTS.timeoutSeconds,
};

/** `--lock-timeout`. */
export const LOCK_TIMEOUT: OptionSpec = {
  flag: "--lock-timeout",
  value: "seconds",
  help: "Wait this long for another sso-sync to release a file",
  default: DEFAULTS.lockTimeoutSeconds,
};

/** `--concurrency`. */
export const CONCURRENCY: OptionSpec = {
  flag: "--concurrency",
  value: "n",
  help: "AWS requests in flight at most",
  default: DEFAULTS.concurrency,
};

/** `--sso-session`, with what it is for. */
export function ssoSessionOption(help: string): OptionSpec {
  return { flag: "--sso-session", value: "name", help };
}

/** `--dry-run`, with what it means for this command. */
export function dryRunOption(meaning: string): OptionSpec {
  return { flag: "--dry-run", help: meaning };
}

/** `-q, --quiet`. */
export const QUIET: OptionSpec = {
  flag: "--quiet",
  short: "-q",
  help: "Print only what needs attention",
};

/** `--json`, with what is printed. */
export function jsonOption(what: string): OptionSpec {
  return { flag: "--json", help: `Print ${what} as JSON on stdout` };
}

/** How patient to be with other runs holding a file (0 to 600 s). */
export function lockTimeoutSeconds(flags: Flags): number {
  return flags.number("--lock-timeout", 0, 600);
}

/** How long to wait for AWS and for other runs: every command that calls the portal. */
export function timeouts(flags: Flags) {
  return {
    timeoutSeconds: flags.number("--timeout", 0.1, 600),
    lockTimeoutSeconds: lockTimeoutSeconds(flags),
  };
}

/** The portal-facing settings of the commands that make many calls (with `--concurrency`). */
export function portalSettings(flags: Flags) {
  return { concurrency: flags.integer("--concurrency", 1, 256), ...timeouts(flags) };
}

/** `--in-place`: keep the file's inode (a single-file mount, hard links) instead of a rename. */
export function inPlaceOption(file = "the file"): OptionSpec {
  return {
    flag: "--in-place",
    help: `Write ${file} in place, keeping its inode (single-file mounts, hard links)`,
  };
}

/** `--template`: the name populate and setup give each profile. */
export const TEMPLATE: OptionSpec = {
  flag: "--template",
  value: "text",
  help: "Profile name: {account_name}, {account_id}, {role_name}, {email}",
  default: "{account_name}.{role_name}",
};

/** `--account` and `--role`: the assignments populate and setup write profiles for. */
export const ASSIGNMENT_FILTERS: readonly OptionSpec[] = [
  {
    flag: "--account",
    value: "glob",
    help: "Only accounts whose id or name matches; repeat it",
    repeat: true,
  },
  { flag: "--role", value: "glob", help: "Only roles whose name matches; repeat it", repeat: true },
];
