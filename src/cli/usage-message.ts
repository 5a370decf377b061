import type { AnyCommandSpec } from "../model/command-spec.js";

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `; did you mean 'sync'?` when one visible command is close to what was typed. */
export function didYouMean(typed: string, specs: readonly AnyCommandSpec[]): string {
  const close = specs
    .filter((spec) => spec.hidden !== true)
    .map((spec) => ({ name: spec.name, far: distance(typed.toLowerCase(), spec.name) }))
    .filter(({ far }) => far <= 2)
    .sort((a, b) => a.far - b.far)[0];
  return close === undefined ? "" : `; did you mean '${close.name}'?`;
}

/** Which help to read: the named command's, else the program's. */
export function helpHint(named: string | undefined): string {
  return named === undefined || named === "help"
    ? "see sso-sync --help"
    : `see sso-sync ${named} --help`;
}
