/** One option of a command, as help, completion and the parser see it. */
export interface OptionSpec {
  /** The long name as typed: `--profile`, `--no-browser`. */
  readonly flag: string;
  /** The one-letter alias, as typed: `-q`. */
  readonly short?: string;
  /** The value's name in help (`--profile <name>`); absent for an on/off flag. */
  readonly value?: string;
  /** One line of help. */
  readonly help: string;
  /** Used when the option is absent, and shown in help as `(default: ...)`. */
  readonly default?: string | number;
  /** May be given more than once (read with `flags.many`). */
  readonly repeat?: boolean;
  /** Fixed values offered by shell completion. */
  readonly completes?: readonly string[];
}

/** The option's help-column name: `-q, --quiet`, `--profile <name>`. */
export function optionLabel(option: OptionSpec): string {
  const short = option.short === undefined ? "" : `${option.short}, `;
  return `${short}${option.flag}${option.value === undefined ? "" : ` <${option.value}>`}`;
}

/** The options every command takes (`-V` is `--version` too), for the parser and completion. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flag: "--help", short: "-h", help: "Show help" },
  { flag: "--version", short: "-v", help: "Show the version" },
];
