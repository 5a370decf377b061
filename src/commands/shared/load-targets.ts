import { readConfigFile } from "../../io/files/config-file.js";
import { parseAwsConfig } from "../../model/aws-config.js";
import { type SyncTarget, selectProfiles } from "../../model/profile-selection.js";
import { resolveSsoProfiles } from "../../model/sso-profiles.js";
import type { FatalError } from "../../model/sync-result.js";

/** The selected targets, or why the run cannot start. */
export type Targets =
  | { readonly ok: true; readonly targets: readonly SyncTarget[] }
  | { readonly ok: false; readonly fatal: FatalError };

/** Reads the config and selects the SSO profiles named by `specs` (all when empty). */
export async function loadTargets(configFile: string, specs: readonly string[]): Promise<Targets> {
  const read = await readConfigFile(configFile);
  if (!read.ok) return { ok: false, fatal: { kind: "config", message: read.message } };
  const config = parseAwsConfig(read.text);
  const problem = config.problems[0];
  if (problem !== undefined) {
    const more = config.problems.length > 1 ? ` (and ${config.problems.length - 1} more)` : "";
    const message = `${configFile} line ${problem.line}: ${problem.message}${more}; the AWS CLI rejects this file too`;
    return { ok: false, fatal: { kind: "config", message } };
  }
  const sso = resolveSsoProfiles(config);
  if (sso.profiles.length === 0 && sso.problems.length === 0) {
    const message = `no SSO profiles in ${configFile}; create one with: aws configure sso`;
    return { ok: false, fatal: { kind: "config", message } };
  }
  const selection = selectProfiles(sso, specs);
  if (!selection.ok)
    return { ok: false, fatal: { kind: "usage", message: selection.errors.join("; ") } };
  return { ok: true, targets: selection.targets };
}
