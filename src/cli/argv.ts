import { parseArgs } from "node:util";
import type { AnyCommandSpec } from "../model/command-spec.js";
import { Flags, type TypedLine } from "../model/flags.js";
import { GLOBAL_OPTIONS, type OptionSpec } from "../model/option-spec.js";

/** What a command line asks for, as the program's one parser (node's util.parseArgs) reads it. */
export interface CommandLine {
  /** The command to run: the one named first, else the default (`sync`). */
  readonly spec: AnyCommandSpec;
  /** The command was named (`sso-sync sync`), not the default by omission. */
  readonly named: boolean;
  /** The typed flags, for the command's `read`. */
  readonly flags: Flags;
  /** `-h`/`--help`, `-v`/`-V`/`--version` anywhere before `--`. */
  readonly help: boolean;
  readonly version: boolean;
  /** `--json` was typed before `--`: a failure is then printed as JSON on stdout too. */
  readonly json: boolean;
  /** The first mistake in the line itself (unknown option, missing value), if any. */
  readonly mistake?: Mistake;
}

/** A mistake the parser found; `unknownCommand` asks for a did-you-mean. */
export interface Mistake {
  readonly message: string;
  readonly unknownCommand?: string;
}

type Token = ReturnType<typeof parseArgs>["tokens"] extends (infer T)[] | undefined ? T : never;

/** The long flag an alias stands for: `-q` -> `--quiet`; `-V` is `--version` too. */
function aliases(specs: readonly AnyCommandSpec[]): Map<string, string> {
  const byShort = new Map([["-V", "--version"]]);
  for (const option of [...GLOBAL_OPTIONS, ...specs.flatMap((spec) => spec.options)])
    if (option.short !== undefined) byShort.set(option.short, option.flag);
  return byShort;
}

/**
 * Splits `args` (argv after the node binary and the script) into tokens. Every option that takes
 * a value in any command takes one here (each name means the same in every command, see the
 * program test), so the command's name is found before the command is known.
 */
function tokenize(args: readonly string[], specs: readonly AnyCommandSpec[]): Token[] {
  const options: Record<string, { type: "string" }> = {};
  for (const option of specs.flatMap((spec) => spec.options))
    if (option.value !== undefined) options[option.flag.slice(2)] = { type: "string" };
  // strict: false, so the tokens say what was typed and our messages name it as typed.
  const lex = (words: readonly string[]) =>
    parseArgs({ args: [...words], options, strict: false, allowPositionals: true, tokens: true })
      .tokens ?? [];
  // parseArgs lets `--profile --dry-run` take `--dry-run` as the value; an option cannot be a
  // value (unless typed `--profile=--x`), so it is given back as the option it is.
  return lex(args).flatMap((token) => {
    if (token.kind !== "option" || token.inlineValue !== false) return [token];
    const value = token.value ?? "";
    if (!value.startsWith("-") || value === "-") return [token];
    return [{ ...token, value: undefined, inlineValue: undefined }, ...lex([value])];
  });
}

/** Parses a command line against the program's specs; `defaultName` runs when none is named. */
export function parseCommandLine(
  args: readonly string[],
  specs: readonly AnyCommandSpec[],
  defaultName: string,
): CommandLine {
  const tokens = tokenize(args, specs);
  const end = tokens.findIndex((token) => token.kind === "option-terminator");
  const before = end === -1 ? tokens : tokens.slice(0, end);
  const rest = end === -1 ? [] : tokens.slice(end + 1).flatMap(positionalValue);
  const words = before.flatMap(positionalValue);
  const named = specs.find((spec) => spec.name === words[0]);
  const spec = named ?? specs.find((each) => each.name === defaultName);
  if (spec === undefined) throw new Error(`no command ${defaultName}`);
  const byShort = aliases(specs);
  const typed = before.flatMap((token) =>
    token.kind === "option"
      ? [{ ...token, flag: byShort.get(token.rawName) ?? token.rawName }]
      : [],
  );
  const positionals = named === undefined ? words : words.slice(1);
  const line = sortOptions(typed, spec, positionals, rest);
  const mistake = line.mistake ?? positionalMistake(spec, positionals, named !== undefined);
  const flagsGiven = new Set(typed.map((token) => token.flag));
  return {
    spec,
    named: named !== undefined,
    flags: new Flags(line.typed, spec.options),
    help: flagsGiven.has("--help"),
    version: flagsGiven.has("--version"),
    json: flagsGiven.has("--json"),
    ...(mistake === undefined ? {} : { mistake }),
  };
}

function positionalValue(token: Token): string[] {
  return token.kind === "positional" ? [token.value] : [];
}

type OptionToken = Extract<Token, { kind: "option" }> & { readonly flag: string };

/** The options by name, and the first mistake: a missing value, an unknown option, a repeat. */
function sortOptions(
  tokens: readonly OptionToken[],
  spec: AnyCommandSpec,
  positionals: readonly string[],
  rest: readonly string[],
): { typed: TypedLine; mistake?: Mistake } {
  const declared = new Map(
    [...GLOBAL_OPTIONS, ...spec.options].map((option) => [option.flag, option]),
  );
  const values = new Map<string, string[]>();
  const switches = new Map<string, boolean>();
  const found = { missing: [] as string[], unknown: [] as string[], twice: [] as string[] };
  for (const token of tokens) {
    const option = declared.get(token.flag) ?? positiveOf(token.flag, declared);
    if (option === undefined) found.unknown.push(token.rawName);
    else if (option.value === undefined)
      // `--x=false` is off, as it was; `--browser` turns `--no-browser` off again.
      switches.set(option.flag, token.value !== "false" && option.flag === token.flag);
    // `--profile --dry-run` or a trailing `--profile` has no value: never "every profile".
    else if (token.value === undefined) found.missing.push(option.flag);
    else {
      const list = values.get(option.flag) ?? [];
      if (list.length === 1 && option.repeat !== true) found.twice.push(option.flag);
      values.set(option.flag, [...list, token.value]);
    }
  }
  const typed = { values, switches, positionals, rest };
  const message = firstMistake(found, spec.allowUnknownOptions === true);
  return message === undefined ? { typed } : { typed, mistake: { message } };
}

/** `--no-x` when `--x` is typed and `--no-x` is an on/off flag of the command. */
function positiveOf(flag: string, declared: ReadonlyMap<string, OptionSpec>) {
  const negated = declared.get(flag.replace(/^--/, "--no-"));
  return negated?.value === undefined ? negated : undefined;
}

function firstMistake(
  found: { missing: string[]; unknown: string[]; twice: string[] },
  allowUnknown: boolean,
): string | undefined {
  const [missing] = found.missing;
  if (missing !== undefined) return `${missing} needs a value`;
  const [unknown] = found.unknown;
  if (unknown !== undefined && !allowUnknown) return `unknown option ${unknown}`;
  const [twice] = found.twice;
  return twice === undefined ? undefined : `give ${twice} once`;
}

/** A required positional left out, or words the command does not take. */
function positionalMistake(
  spec: AnyCommandSpec,
  positionals: readonly string[],
  named: boolean,
): Mistake | undefined {
  const takes = spec.positional;
  if (takes?.required === true && positionals.length === 0)
    return { message: `${spec.name} needs more arguments` };
  const extra = positionals[takes === undefined ? 0 : 1];
  if (takes?.variadic === true || extra === undefined) return undefined;
  // Nothing matched by name: the first word was meant as a command.
  return named
    ? { message: `unexpected argument '${extra}'` }
    : { message: `unknown command '${extra}'`, unknownCommand: extra };
}
