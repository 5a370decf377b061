import type { SyncOptions } from "../commands/sync/sync-command.js";
import { parseDuration } from "../model/duration.js";
import { UsageError } from "../model/usage-error.js";

/** The sync flags as cac hands them over (values not yet checked). */
export interface RawSyncFlags {
  concurrency?: unknown;
  timeout?: unknown;
  lockTimeout?: unknown;
  minValidity?: unknown;
  force?: boolean;
  takeOver?: boolean;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
  login?: boolean;
  notify?: boolean;
  cleanExpired?: boolean;
}

/** Defaults shared by the help text and the parsing. */
export const DEFAULTS = {
  concurrency: 16,
  timeoutSeconds: 20,
  lockTimeoutSeconds: 20,
  minValidity: "15m",
} as const;

/** Checks and converts the sync flags; `profiles` are read from argv as typed. */
export function toSyncOptions(flags: RawSyncFlags, profiles: readonly string[]): SyncOptions {
  return {
    profiles,
    concurrency: integerFlag("--concurrency", flags.concurrency ?? DEFAULTS.concurrency, 1, 256),
    timeoutSeconds: numberFlag("--timeout", flags.timeout ?? DEFAULTS.timeoutSeconds, 0.1, 600),
    lockTimeoutSeconds: numberFlag(
      "--lock-timeout",
      flags.lockTimeout ?? DEFAULTS.lockTimeoutSeconds,
      0,
      600,
    ),
    minValidityMs: durationFlag("--min-validity", flags.minValidity ?? DEFAULTS.minValidity),
    force: flags.force === true,
    takeOver: flags.takeOver === true,
    dryRun: flags.dryRun === true,
  };
}

/** A number within [min, max], else a usage error naming the flag. */
function numberFlag(name: string, raw: unknown, min: number, max: number): number {
  const value = Number(raw);
  if (typeof raw === "boolean" || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${name} takes a number from ${min} to ${max}, not '${String(raw)}'`);
  }
  return value;
}

/** A whole number within [min, max]. */
function integerFlag(name: string, raw: unknown, min: number, max: number): number {
  const value = numberFlag(name, raw, min, max);
  if (!Number.isInteger(value))
    throw new UsageError(`${name} takes a whole number from ${min} to ${max}`);
  return value;
}

/** A duration such as `30m`, `2h`, `1h30m` (a bare number is minutes), up to 7 days. */
export function durationFlag(name: string, raw: unknown): number {
  const value = typeof raw === "boolean" ? undefined : parseDuration(String(raw));
  if (value === undefined || value > 7 * 86_400_000) {
    throw new UsageError(`${name} takes a duration such as 30m, 2h or 1h30m, not '${String(raw)}'`);
  }
  return value;
}
