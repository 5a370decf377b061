import type { Flags } from "./flags.js";
import type { OptionSpec } from "./option-spec.js";
import type { Result } from "./result.js";
import type { CommandContext } from "./run-context.js";

/** The positional argument a command takes. */
export interface PositionalSpec {
  /** Its name in messages. */
  readonly name: string;
  /** Must be given (`timer install`); else it may be left out. */
  readonly required: boolean;
  /** Takes every remaining word (exec reads its command after `--` instead). */
  readonly variadic?: boolean;
  /** The words shell completion offers. */
  readonly completes?: readonly string[];
}

/**
 * A command, declared in one place: what help and completion show, how its flags become options
 * (`read`, testable on its own) and what it does with them (`run`).
 */
export interface CommandSpec<O = unknown> {
  readonly name: string;
  /** One sentence, no full stop: the command list and the top of its help. */
  readonly summary: string;
  /** The usage line after `$ `. */
  readonly usage: string;
  readonly examples?: readonly string[];
  readonly options: readonly OptionSpec[];
  readonly positional?: PositionalSpec;
  /** Not listed in help or completion (`__complete`). */
  readonly hidden?: boolean;
  /** Options it does not declare are let through (`__complete` gets the words being completed). */
  readonly allowUnknownOptions?: boolean;
  /**
   * The typed flags, checked and converted; a usage Failure names the flag. `where` is for
   * defaults that depend on the machine (env's format).
   */
  read(flags: Flags, where: ReadContext): Result<O> | Promise<Result<O>>;
  /** Runs with the options; the exit code for the report it printed, or a Failure. */
  run(options: O, context: CommandContext): Promise<Result<number>>;
}

/** What `read` may know of the process besides the flags. */
export type ReadContext = Pick<CommandContext, "env" | "platform">;

/**
 * A spec of any options type, as the program lists them (read and run are methods, so a spec of
 * options O fits: what one spec's read returns only ever goes to the same spec's run).
 */
export type AnyCommandSpec = CommandSpec<unknown>;
