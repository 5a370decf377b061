import { listBackups } from "../../io/files/backups.js";
import { readCredentialsText, updateCredentialsFile } from "../../io/files/ini-file.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { MANAGED_KEYS } from "../../model/credentials-keys.js";
import { parseIniDocument, renderIniDocument } from "../../model/ini-document.js";
import { stripOwnedSections } from "../../model/ini-editor.js";
import { type Failure, writeFailure } from "../../model/result.js";
import type { RunContext } from "../../model/run-context.js";
import { fileFailure, writeHow } from "../shared/file-failure.js";
import { type CleanPlan, planClean } from "./clean-plan.js";

/** What `clean` was asked to remove. */
export interface CleanOptions {
  readonly sections: readonly string[];
  readonly expiredOnly: boolean;
  readonly dryRun: boolean;
  readonly lockTimeoutSeconds: number;
  /** Write the file in place (keeps its inode: single-file mounts, hard links). */
  readonly inPlace?: boolean;
}

/** What `clean` removed (or would), and what it left alone. */
export interface CleanReport extends CleanPlan {
  readonly credentialsFile: string;
  readonly dryRun: boolean;
  /** Sections that keep keys the user added (sso-sync's keys went, the section stayed). */
  readonly kept: ReadonlyArray<{ readonly section: string; readonly keys: readonly string[] }>;
  /** Copies of the file made before sections were taken over: where the old keys are. */
  readonly backups: readonly string[];
  /** The file could not be updated (exit 5): the report's own failure, shown with it. */
  readonly error?: Failure;
}

/** The document with sso-sync's keys taken out of the planned sections, in one pass, and what stayed. */
function applyClean(text: string, plan: CleanPlan) {
  const cleaned = stripOwnedSections(parseIniDocument(text), plan.remove, MANAGED_KEYS);
  // A section whose removal would change how the rest of the file reads stays, and is not listed.
  return { doc: cleaned.doc, kept: cleaned.kept, removed: cleaned.stripped };
}

/** Removes owned sections under the lock with an atomic write; needs no config and no token. */
export async function runClean(options: CleanOptions, context: RunContext): Promise<CleanReport> {
  const { credentialsFile } = resolveAwsPaths(context.env, context.osHome);
  const base = { credentialsFile, dryRun: options.dryRun };
  const now = context.now();
  const plan = (text: string) =>
    planClean(parseIniDocument(text), options.sections, options.expiredOnly, now);
  const backups = await listBackups(credentialsFile);
  try {
    const text = await readCredentialsText(credentialsFile);
    const current = plan(text);
    if (options.dryRun || current.remove.length === 0)
      return { ...base, ...current, kept: applyClean(text, current).kept, backups };
    // Re-planned under the lock on the text that is really there.
    const update = await updateCredentialsFile(
      credentialsFile,
      (text) => {
        const fresh = plan(text);
        const cleaned = applyClean(text, fresh);
        const result = { ...fresh, remove: cleaned.removed, kept: cleaned.kept };
        return { text: renderIniDocument(cleaned.doc), backup: false, result };
      },
      "",
      options.lockTimeoutSeconds * 1000,
      () => context.onEvent?.({ kind: "lock-wait", path: credentialsFile }),
      writeHow(options.inPlace, context),
    );
    return { ...base, ...update.result, backups };
  } catch (thrown) {
    const message = fileFailure(
      thrown,
      `cannot update ${credentialsFile}`,
      "; nothing was changed",
    );
    const error = writeFailure(message);
    return { ...base, remove: [], notOwned: [], unmatched: [], kept: [], backups, error };
  }
}
