import { parseDuration } from "../model/duration.js";
import { UsageError } from "../model/usage-error.js";
import { rawOptionValues } from "./raw-option.js";

/** Defaults shared by the help text and the parsing (kept in the model for commands too). */
export { DEFAULTS } from "../model/defaults.js";

/** The typed flags of one command line, read from argv as typed (cac only routes and checks). */
export class Flags {
  private readonly args: readonly string[];

  /**
   * `argv` as node gives it (the node binary and script come first), cac's parsed options (for
   * booleans and what follows `--`) and the command's positional arguments.
   */
  constructor(
    argv: readonly string[],
    private readonly parsed: Readonly<Record<string, unknown>>,
    private readonly positionals: readonly unknown[] = [],
  ) {
    this.args = argv.slice(2);
  }

  /** The command's positional argument at `index`, as typed. */
  positional(index: number): string | undefined {
    const value = this.positionals[index];
    return value === undefined ? undefined : String(value);
  }

  /** The words after `--` (exec's command). */
  afterDoubleDash(): string[] {
    const words = this.parsed["--"];
    return Array.isArray(words) ? words.map(String) : [];
  }

  /** Every value of a repeatable option. */
  many(name: string): string[] {
    return rawOptionValues(this.args, name);
  }

  /** The value of an option given at most once. */
  one(name: string): string | undefined {
    const values = this.many(name);
    if (values.length > 1) throw new UsageError(`give ${name} once`);
    return values[0];
  }

  /** A `--no-NAME` flag was given (cac sets NAME to false). */
  off(name: string): boolean {
    return this.parsed[name] === false;
  }

  /** A boolean flag (cac's camelCase name, e.g. `dryRun`). */
  on(name: string): boolean {
    return this.parsed[name] === true;
  }

  /** A number within [min, max], else a usage error naming the flag. */
  number(name: string, fallback: number, min: number, max: number): number {
    const raw = this.one(name);
    if (raw === undefined) return fallback;
    // Plain decimals only: Number() would also take 0x10, 1e1, 0b1 and surrounding spaces.
    const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value) || value < min || value > max)
      throw new UsageError(`${name} takes a number from ${min} to ${max}, not '${raw}'`);
    return value;
  }

  /** A whole number within [min, max]. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.number(name, fallback, min, max);
    if (!Number.isInteger(value))
      throw new UsageError(`${name} takes a whole number from ${min} to ${max}`);
    return value;
  }

  /** A duration such as `30m`, `2h`, `1h30m` (a bare number is minutes), up to 7 days. */
  duration(name: string, fallback: string): number {
    return durationValue(name, this.one(name) ?? fallback);
  }
}

/** Milliseconds of a duration flag's text, else a usage error naming the flag. */
export function durationValue(name: string, raw: string): number {
  const value = parseDuration(raw);
  if (value === undefined || value > 7 * 86_400_000)
    throw new UsageError(`${name} takes a duration such as 30m, 2h or 1h30m, not '${raw}'`);
  return value;
}
