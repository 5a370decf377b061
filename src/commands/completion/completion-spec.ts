import type { AnyCommandSpec, CommandSpec } from "../../model/command-spec.js";
import { GLOBAL_OPTIONS } from "../../model/option-spec.js";
import { ok } from "../../model/result.js";
import { completeAction, completionAction, completionShell } from "./completion-action.js";
import type { CompletionSpec } from "./completion-candidates.js";
import {
  COMPLETION_INSTALL,
  COMPLETION_SHELLS,
  type CompletionShell,
} from "./completion-scripts.js";

/** `completion SHELL`: the script a shell loads. */
export const completionSpec: CommandSpec<CompletionShell> = {
  name: "completion",
  summary: "Print the shell completion script: bash, zsh, fish or powershell",
  usage: "sso-sync completion bash|zsh|fish|powershell",
  examples: Object.values(COMPLETION_INSTALL),
  // Not required of the parser: without one, completion itself names the shells.
  positional: { name: "shell", required: false, completes: COMPLETION_SHELLS },
  options: [],
  read: (flags) => {
    const read = flags.result(flags.positional(0) ?? "");
    return read.ok ? completionShell(read.value) : read;
  },
  run: async (shell, context) => {
    return completionAction(shell, context);
  },
};

/** What completion needs to know of each visible command, read from the specs themselves. */
export function completionSpecs(specs: readonly AnyCommandSpec[]): CompletionSpec[] {
  const visible = specs.filter((spec) => spec.hidden !== true);
  return visible.map((spec) => {
    const declared = [...spec.options, ...GLOBAL_OPTIONS];
    return {
      name: spec.name,
      options: declared.map((option) => option.flag),
      valued: declared.filter((option) => option.value !== undefined).map((o) => o.flag),
      positional:
        spec.name === "help"
          ? visible.map((each) => each.name)
          : (spec.positional?.completes ?? []),
      values: Object.fromEntries(declared.map((option) => [option.flag, option.completes ?? []])),
    };
  });
}

/** The hidden `__complete -- WORDS...` the scripts call; it completes the program's commands. */
export function completeSpec(program: () => readonly AnyCommandSpec[]): CommandSpec<string[]> {
  return {
    name: "__complete",
    summary: "",
    usage: "sso-sync __complete -- WORDS...",
    hidden: true,
    allowUnknownOptions: true,
    positional: { name: "words", required: false, variadic: true },
    options: [],
    read: (flags) => flags.result(flags.afterDoubleDash()),
    run: async (words, context) => {
      return ok(await completeAction(words, completionSpecs(program()), context));
    },
  };
}
