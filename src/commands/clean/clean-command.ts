import { readCredentialsText, updateCredentialsFile } from "../../io/files/ini-file.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import {
  parseCredentials,
  removeOwnedSections,
  renderCredentials,
} from "../../model/ini-document.js";
import type { RunContext } from "../../model/run-context.js";
import { fileFailure } from "../shared/file-failure.js";
import { type CleanPlan, planClean } from "./clean-plan.js";

/** What `clean` was asked to remove. */
export interface CleanOptions {
  readonly sections: readonly string[];
  readonly expiredOnly: boolean;
  readonly dryRun: boolean;
  readonly lockTimeoutSeconds: number;
}

/** What `clean` removed (or would), and what it left alone. */
export interface CleanReport extends CleanPlan {
  readonly credentialsFile: string;
  readonly dryRun: boolean;
  readonly error?: string;
}

/** Removes owned sections under the lock with an atomic write; needs no config and no token. */
export async function runClean(options: CleanOptions, context: RunContext): Promise<CleanReport> {
  const { credentialsFile } = resolveAwsPaths(context.env, context.osHome);
  const base = { credentialsFile, dryRun: options.dryRun };
  const now = context.now();
  const plan = (text: string) =>
    planClean(parseCredentials(text), options.sections, options.expiredOnly, now);
  try {
    const current = plan(await readCredentialsText(credentialsFile));
    if (options.dryRun || current.remove.length === 0) return { ...base, ...current };
    // Re-planned under the lock on the text that is really there.
    const update = await updateCredentialsFile(
      credentialsFile,
      (text) => {
        const fresh = plan(text);
        // All in one pass; a section whose removal would change how the rest reads stays.
        const { doc, removed } = removeOwnedSections(parseCredentials(text), fresh.remove);
        return {
          text: renderCredentials(doc),
          backup: false,
          result: { ...fresh, remove: removed },
        };
      },
      "",
      options.lockTimeoutSeconds * 1000,
    );
    return { ...base, ...update.result };
  } catch (error) {
    const message = fileFailure(error, `cannot update ${credentialsFile}`, "; nothing was changed");
    return { ...base, remove: [], notOwned: [], unmatched: [], error: message };
  }
}
