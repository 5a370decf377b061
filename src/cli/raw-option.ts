import { UsageError } from "../model/usage-error.js";

/**
 * The values of an option exactly as typed, up to `--`. cac's parser (mri) turns number-like
 * values into numbers (profile `0123` would arrive as 123, `""` as 0), so values are read here.
 * An option followed by nothing, or by another option, has no value: that is a usage error, never
 * "every profile".
 */
export function rawOptionValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? "";
    if (arg === "--") break;
    if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
    else if (arg === name) {
      const value = args[index + 1];
      if (value === undefined || (value.startsWith("-") && value !== "-"))
        throw new UsageError(`${name} needs a value`);
      values.push(value);
      index++;
    }
  }
  return values;
}
