import { updateCredentialsFile as updateIniFile } from "../../io/files/ini-file.js";
import { parseAwsConfig } from "../../model/aws-config.js";
import { parseIniDocument, renderIniDocument } from "../../model/ini-document.js";
import { type Failure, usageFailure, writeFailure } from "../../model/result.js";
import type { RunContext } from "../../model/run-context.js";
import { type AssignmentOptions, fetchAssignments } from "../shared/fetch-assignments.js";
import { fileFailure, writeHow } from "../shared/file-failure.js";
import {
  coveredAssignments,
  optionValueProblem,
  type PopulateChange,
  type PopulateOptions,
  planPopulate,
} from "./populate-plan.js";

/** What populate did (or would do with --dry-run), or why it could not. */
export interface PopulateReport {
  readonly configFile: string;
  readonly session: string;
  readonly dryRun: boolean;
  readonly changes: readonly PopulateChange[];
  /** What stopped the run (there are no changes then). */
  readonly error?: Failure;
}

/** What `populate` was asked for: the listing, the profiles to write, and whether to write. */
export type PopulateRequest = Omit<PopulateOptions, "session"> &
  AssignmentOptions & {
    readonly session: string;
    readonly dryRun: boolean;
    /** Write the config in place (keeps its inode: single-file mounts, hard links). */
    readonly inPlace?: boolean;
  };

/**
 * Lists the session's assignments and writes one profile per (account, role) into the config,
 * with the same lossless editor, lock and atomic write as the credentials file.
 */
export async function runPopulate(
  options: PopulateRequest,
  context: RunContext,
): Promise<PopulateReport> {
  const base = { session: options.session, dryRun: options.dryRun, changes: [] };
  const unwritable = optionValueProblem(options);
  if (unwritable !== undefined) return { ...base, configFile: "", error: usageFailure(unwritable) };
  const listed = await fetchAssignments(options, context);
  if (!listed.ok) return { ...base, configFile: "", error: listed.failure };
  const { configFile, accounts, configText } = listed.value;
  const plan = (text: string) => {
    const covered = coveredAssignments(parseAwsConfig(text), options.session);
    return planPopulate(parseIniDocument(text), accounts, options, covered);
  };
  if (options.dryRun) return { ...base, configFile, changes: plan(configText).changes };
  try {
    // Re-planned under the lock on the text that is there now: a person may have edited it.
    const update = await updateIniFile(
      configFile,
      (text) => {
        const planned = plan(text);
        return { text: renderIniDocument(planned.doc), backup: false, result: planned.changes };
      },
      "",
      options.lockTimeoutSeconds * 1000,
      () => context.onEvent?.({ kind: "lock-wait", path: configFile }),
      writeHow(options.inPlace, context),
    );
    return { ...base, configFile, changes: update.result };
  } catch (error) {
    const message = fileFailure(error, `cannot write ${configFile}`, "; nothing was changed");
    return { ...base, configFile, error: writeFailure(message) };
  }
}
