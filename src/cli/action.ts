import type { CAC, Command } from "cac";
import type { CommandContext } from "../model/run-context.js";
import { Flags } from "./flags.js";

/** What an action gets: the typed flags and the process as a command sees it. */
export type Run = (flags: Flags, context: CommandContext) => Promise<number>;

/** Declares some commands on the program. */
export type Register = (cli: CAC, argv: readonly string[], context: () => CommandContext) => void;

/** Wires a cac action to `run`: cac passes the positionals, then its options object. */
export function act(
  command: Command,
  argv: readonly string[],
  context: () => CommandContext,
  run: Run,
): Command {
  return command.action((...params: unknown[]) => {
    const parsed = (params.at(-1) ?? {}) as Record<string, unknown>;
    return run(new Flags(argv, parsed, params.slice(0, -1)), context());
  });
}
