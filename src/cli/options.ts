import type { Command } from "cac";
import { DEFAULTS } from "./flags.js";

// Each option shared by several commands is declared here once, so its help text cannot drift.

/** `--profile`, repeatable, with globs and SRC:DEST. */
export function profilesOption(command: Command, what: string): Command {
  return command.option(
    "--profile <name>",
    `${what}; repeat it, use globs (team-*), or SRC:DEST for section [DEST]`,
    { type: [String] },
  );
}

/** `--profile`, exactly one. */
export function oneProfileOption(command: Command): Command {
  return command.option("--profile <name>", "The profile whose credentials to use (exactly one)");
}

/** `--min-validity`, with what it means for this command. */
export function minValidityOption(command: Command, meaning: string, withDefault = true): Command {
  return command.option(
    "--min-validity <duration>",
    `${meaning} (30m, 2h)`,
    withDefault ? { default: DEFAULTS.minValidity } : {},
  );
}

/** `--force`. */
export function forceOption(command: Command): Command {
  return command.option("--force", "Fetch new credentials even when the section is fresh");
}

/** `--timeout`. */
export function timeoutOption(command: Command): Command {
  return command.option(
    "--timeout <seconds>",
    "Give up on an AWS call after this long without progress (no answer, or every request throttled)",
    { default: DEFAULTS.timeoutSeconds },
  );
}

/** `--lock-timeout`. */
export function lockTimeoutOption(command: Command): Command {
  return command.option(
    "--lock-timeout <seconds>",
    "Wait this long for another sso-sync to release a file",
    { default: DEFAULTS.lockTimeoutSeconds },
  );
}

/** `--concurrency`. */
export function concurrencyOption(command: Command): Command {
  return command.option("--concurrency <n>", "AWS requests in flight at most", {
    default: DEFAULTS.concurrency,
  });
}

/** `--dry-run`, with what it means for this command. */
export function dryRunOption(command: Command, meaning: string): Command {
  return command.option("--dry-run", meaning);
}

/** `-q, --quiet`. */
export function quietOption(command: Command): Command {
  return command.option("-q, --quiet", "Print only what needs attention");
}

/** `--json`, with what is printed. */
export function jsonOption(command: Command, what: string): Command {
  return command.option("--json", `Print ${what} as JSON on stdout`);
}

/** `--in-place`: keep the file's inode (a single-file mount, hard links) instead of a rename. */
export function inPlaceOption(command: Command, file = "the file"): Command {
  return command.option(
    "--in-place",
    `Write ${file} in place, keeping its inode (single-file mounts, hard links)`,
  );
}
