/**
 * The values of a repeatable option exactly as typed. cac's parser (mri) turns number-like values
 * into numbers, so profile `0123` would arrive as 123 and `1e3` as 1000.
 */
export function rawOptionValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? "";
    if (arg === "--") break;
    if (arg === name && index + 1 < args.length) values.push(args[++index] ?? "");
    else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
  }
  return values;
}
