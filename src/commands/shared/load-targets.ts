import { readConfigFile } from "../../io/files/config-file.js";
import { parseAwsConfig } from "../../model/aws-config.js";
import { type SyncTarget, selectProfiles } from "../../model/profile-selection.js";
import { resolveSsoProfiles } from "../../model/sso-profiles.js";
import type { FatalError } from "../../model/sync-result.js";

/** Reads the config and selects the SSO profiles named by `specs` (all when empty). */
export async function loadTargets(
  configFile: string,
  specs: readonly string[],
): Promise<readonly SyncTarget[] | FatalError> {
  const read = await readConfigFile(configFile);
  if (!read.ok) return { kind: "config", message: read.message };
  const config = parseAwsConfig(read.text);
  const problem = config.problems[0];
  if (problem !== undefined) {
    const more = config.problems.length > 1 ? ` (and ${config.problems.length - 1} more)` : "";
    return {
      kind: "config",
      message: `${configFile} line ${problem.line}: ${problem.message}${more}; the AWS CLI rejects this file too`,
    };
  }
  const sso = resolveSsoProfiles(config);
  if (sso.profiles.length === 0 && sso.problems.length === 0) {
    return {
      kind: "config",
      message: `no SSO profiles in ${configFile}; create one with: aws configure sso`,
    };
  }
  const selection = selectProfiles(sso, specs);
  if (!selection.ok) return { kind: "usage", message: selection.errors.join("; ") };
  return selection.targets;
}
