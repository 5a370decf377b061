import type { CAC } from "cac";
import { completeAction, completionAction } from "../commands/completion/completion-action.js";
import type { CommandSpec } from "../commands/completion/completion-candidates.js";
import { COMPLETION_INSTALL } from "../commands/completion/completion-scripts.js";
import { act, type Register } from "./action.js";
import { commandName } from "./help.js";

const POSITIONALS: Readonly<Record<string, readonly string[]>> = {
  timer: ["install", "uninstall", "status"],
  completion: ["bash", "zsh", "fish", "powershell"],
};

/** What completion needs to know of the program, read from the declarations themselves. */
function commandSpecs(cli: CAC): CommandSpec[] {
  const visible = cli.commands.filter((command) => !command.name.startsWith("__"));
  const names = visible.map(commandName);
  return visible.map((command) => {
    const declared = [...command.options, ...cli.globalCommand.options];
    const long = (rawName: string) => /--[\w-]+/.exec(rawName)?.[0] ?? "";
    const name = commandName(command);
    return {
      name,
      options: declared.map((option) => long(option.rawName)).filter((flag) => flag !== ""),
      valued: declared.filter((option) => option.rawName.includes("<")).map((o) => long(o.rawName)),
      positional: name === "help" ? names : (POSITIONALS[name] ?? []),
    };
  });
}

/** `completion SHELL` and the hidden `__complete` the scripts call. */
export const completionCommands: Register = (cli, argv, context) => {
  const completion = cli
    .command(
      "completion <shell>",
      "Print the shell completion script: bash, zsh, fish or powershell",
    )
    .usage("sso-sync completion bash|zsh|fish|powershell");
  for (const line of Object.values(COMPLETION_INSTALL)) completion.example(line);
  act(completion, argv, context, async (flags, ctx) => {
    return completionAction(flags.positional(0) ?? "", ctx);
  });
  const complete = cli.command("__complete [...words]", "").allowUnknownOptions();
  act(complete, argv, context, async (flags, ctx) => {
    return completeAction(flags.afterDoubleDash(), commandSpecs(cli), ctx);
  });
};
