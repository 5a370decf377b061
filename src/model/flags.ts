import { parseDuration } from "./duration.js";
import type { OptionSpec } from "./option-spec.js";
import { type Failure, failed, ok, type Result, usageFailure } from "./result.js";

/** A command line as typed, sorted by the parser: nothing converted, nothing defaulted. */
export interface TypedLine {
  /** Each value-taking option's values, by its long name (`--profile`), in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Each on/off flag given, by its long name: true, or false for `--x=false` or `--x` of `--no-x`. */
  readonly switches: ReadonlyMap<string, boolean>;
  /** The positional words after the command's name. */
  readonly positionals: readonly string[];
  /** The words after `--` (exec's command). */
  readonly rest: readonly string[];
}

/**
 * The typed flags of one command line, read by a command's `read`: values as typed, defaults
 * from its option specs. The first bad value is kept as a usage Failure; `result` returns it.
 */
export class Flags {
  private failure: Failure | undefined;

  constructor(
    private readonly line: TypedLine,
    private readonly options: readonly OptionSpec[] = [],
  ) {}

  /** The options read so far, or the first failure met while reading them. */
  result<T>(value: T): Result<T> {
    return this.failure === undefined ? ok(value) : failed(this.failure);
  }

  /** Records a usage mistake (the first one wins); returns `fallback` so reading goes on. */
  fail<T>(message: string, fallback: T): T {
    this.failure ??= usageFailure(message);
    return fallback;
  }

  /** The positional argument at `index`, as typed. */
  positional(index: number): string | undefined {
    return this.line.positionals[index];
  }

  /** The words after `--` (exec's command). */
  afterDoubleDash(): string[] {
    return [...this.line.rest];
  }

  /** Every value of a repeatable option, as typed. */
  many(flag: string): string[] {
    return [...(this.line.values.get(flag) ?? [])];
  }

  /** The value of an option, else its declared default (as text), else undefined. */
  one(flag: string): string | undefined {
    const typed = this.line.values.get(flag)?.[0];
    if (typed !== undefined) return typed;
    const fallback = this.options.find((option) => option.flag === flag)?.default;
    return fallback === undefined ? undefined : String(fallback);
  }

  /** An on/off flag was given (and not as `--x=false`). */
  on(flag: string): boolean {
    return this.line.switches.get(flag) === true;
  }

  /** A number within [min, max], else a usage failure naming the flag. */
  number(flag: string, min: number, max: number): number {
    const raw = this.one(flag) ?? "";
    // Plain decimals only: Number() would also take 0x10, 1e1, 0b1 and surrounding spaces.
    const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value) || value < min || value > max)
      return this.fail(`${flag} takes a number from ${min} to ${max}, not '${raw}'`, min);
    return value;
  }

  /** A whole number within [min, max]. */
  integer(flag: string, min: number, max: number): number {
    const value = this.number(flag, min, max);
    if (!Number.isInteger(value))
      return this.fail(`${flag} takes a whole number from ${min} to ${max}`, min);
    return value;
  }

  /** A duration such as `30m`, `2h`, `1h30m` (a bare number is minutes), up to 7 days, in ms. */
  duration(flag: string): number {
    const raw = this.one(flag) ?? "";
    const value = durationValue(raw);
    if (value === undefined)
      return this.fail(`${flag} takes a duration such as 30m, 2h or 1h30m, not '${raw}'`, 0);
    return value;
  }
}

/** Milliseconds of a duration's text (up to 7 days), else undefined. */
export function durationValue(raw: string): number | undefined {
  const value = parseDuration(raw);
  return value === undefined || value > 7 * 86_400_000 ? undefined : value;
}
