/** One command as completion sees it: its name, options, and what its positional takes. */
export interface CompletionSpec {
  readonly name: string;
  /** `--name` of every option; those in `valued` take a value. */
  readonly options: readonly string[];
  readonly valued: readonly string[];
  /** Words its first positional argument may be (timer's action, completion's shell). */
  readonly positional: readonly string[];
  /** Fixed values of options whose values are not names from files (`--format`). */
  readonly values: Readonly<Record<string, readonly string[]>>;
}

/** Names read from the user's files at completion time. */
export interface CompletionNames {
  readonly profiles: readonly string[];
  readonly sessions: readonly string[];
  readonly sections: readonly string[];
}

/**
 * What may come next after `words` (the words after `sso-sync`, the last one being completed),
 * filtered by that last word's prefix; pure.
 */
export function completionCandidates(
  words: readonly string[],
  commands: readonly CompletionSpec[],
  names: CompletionNames,
): string[] {
  const current = words.at(-1) ?? "";
  const before = words.slice(0, -1);
  const named = commands.find((command) => command.name === before[0]);
  const command = named ?? commands.find((each) => each.name === "sync");
  const all = valuesFor(before.at(-1), command, named, before, commands, names, current);
  return [...new Set(all)].filter((word) => word.startsWith(current)).sort();
}

function valuesFor(
  previous: string | undefined,
  command: CompletionSpec | undefined,
  named: CompletionSpec | undefined,
  before: readonly string[],
  commands: readonly CompletionSpec[],
  names: CompletionNames,
  current: string,
): readonly string[] {
  if (previous !== undefined && command?.valued.includes(previous))
    return optionValues(previous, command, names);
  if (current.startsWith("-")) return command?.options ?? [];
  if (before.length === 0) return commands.map((each) => each.name);
  const positionals = before
    .slice(1)
    .filter((word, index, list) => !isOptionOrValue(word, index, list, named));
  if (named !== undefined && positionals.length === 0) return named.positional;
  return [];
}

function isOptionOrValue(
  word: string,
  index: number,
  list: readonly string[],
  command: CompletionSpec | undefined,
): boolean {
  if (word.startsWith("-")) return true;
  const previous = list[index - 1];
  return previous !== undefined && (command?.valued.includes(previous) ?? false);
}

function optionValues(
  option: string,
  command: CompletionSpec,
  names: CompletionNames,
): readonly string[] {
  if (option === "--profile") return command.name === "clean" ? names.sections : names.profiles;
  if (option === "--sso-session") return names.sessions;
  return command.values[option] ?? [];
}
