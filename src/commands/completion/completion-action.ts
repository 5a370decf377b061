import { readConfigFile } from "../../io/files/config-file.js";
import { readCredentialsText } from "../../io/files/ini-file.js";
import { parseAwsConfig } from "../../model/aws-config.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { ExitCode } from "../../model/exit-code.js";
import { ownedSectionNames, parseCredentials } from "../../model/ini-document.js";
import { failed, ok, type Result, usageFailure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import {
  type CompletionNames,
  type CompletionSpec,
  completionCandidates,
} from "./completion-candidates.js";
import { COMPLETION_SHELLS, completionScript } from "./completion-scripts.js";

/** `completion SHELL`: prints the script that shell loads. */
export function completionAction(shell: string, context: CommandContext): Result<number> {
  const known = COMPLETION_SHELLS.find((name) => name === shell);
  if (known === undefined)
    return failed(usageFailure(`completion takes ${COMPLETION_SHELLS.join(", ")}, not '${shell}'`));
  context.console.out(completionScript(known));
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
  const config = read.ok ? parseAwsConfig(read.text) : undefined;
  const text = await readCredentialsText(paths.credentialsFile).catch(() => "");
  return {
    profiles: config === undefined ? [] : [...config.profiles.keys()],
    sessions: config === undefined ? [] : [...config.ssoSessions.keys()],
    sections: ownedSectionNames(parseCredentials(text)),
  };
}
