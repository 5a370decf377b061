import { readConfigFile } from "../../io/files/config-file.js";
import { readCredentialsText } from "../../io/files/ini-file.js";
import { parseAwsConfig } from "../../model/aws-config.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { ExitCode } from "../../model/exit-code.js";
import { ownedSectionNames, parseIniDocument } from "../../model/ini-document.js";
import { failed, ok, type Result, usageFailure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import {
  type CompletionNames,
  type CompletionSpec,
  completionCandidates,
} from "./completion-candidates.js";
import { COMPLETION_SHELLS, type CompletionShell, completionScript } from "./completion-scripts.js";

/** The shell `completion` was given, or the usage failure that names the shells it takes. */
export function completionShell(shell: string): Result<CompletionShell> {
  const known = COMPLETION_SHELLS.find((name) => name === shell);
  if (shell === "")
    return failed(
      usageFailure(
        `completion needs a shell: ${COMPLETION_SHELLS.slice(0, -1).join(", ")} or ${COMPLETION_SHELLS.at(-1)}`,
      ),
    );
  if (known === undefined)
    return failed(usageFailure(`completion takes ${COMPLETION_SHELLS.join(", ")}, not '${shell}'`));
  return ok(known);
}

/** `completion SHELL`: prints the script that shell loads. */
export function completionAction(shell: CompletionShell, context: CommandContext): Result<number> {
  context.console.out(completionScript(shell));
  return ok(ExitCode.ok);
}

/** `__complete -- WORDS...`: the candidates for the last word, one per line; never fails. */
export async function completeAction(
  words: readonly string[],
  commands: readonly CompletionSpec[],
  context: CommandContext,
): Promise<number> {
  const names = await namesNow(context);
  const candidates = completionCandidates(words.length === 0 ? [""] : words, commands, names);
  if (candidates.length > 0) context.console.out(`${candidates.join("\n")}\n`);
  return ExitCode.ok;
}

/** Profile and session names from the config, owned sections from the credentials file. */
async function namesNow(context: CommandContext): Promise<CompletionNames> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const read = await readConfigFile(paths.configFile);
  const config = read.ok ? parseAwsConfig(read.value) : undefined;
  const text = await readCredentialsText(paths.credentialsFile).catch(() => "");
  return {
    profiles: config === undefined ? [] : [...config.profiles.keys()],
    sessions: config === undefined ? [] : [...config.ssoSessions.keys()],
    sections: ownedSectionNames(parseIniDocument(text)),
  };
}
