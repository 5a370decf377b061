import { readConfigFile } from "../../io/files/config-file.js";
import { type AwsConfig, parseAwsConfig } from "../../model/aws-config.js";
import type { SsoProfiles } from "../../model/profile-types.js";
import { resolveSsoProfiles } from "../../model/sso-profiles.js";

/** The config, its SSO profiles and its text, or the one line that says why it cannot be used. */
export type LoadedConfig =
  | {
      readonly ok: true;
      readonly text: string;
      readonly config: AwsConfig;
      readonly sso: SsoProfiles;
    }
  | { readonly ok: false; readonly message: string; readonly refused?: true };

/** Reads and parses ~/.aws/config, refusing what botocore refuses (its first problem named). */
export async function loadConfig(configFile: string): Promise<LoadedConfig> {
  const read = await readConfigFile(configFile);
  if (!read.ok) return read;
  const config = parseAwsConfig(read.text);
  const problem = config.problems[0];
  if (problem !== undefined) {
    const more = config.problems.length > 1 ? ` (and ${config.problems.length - 1} more)` : "";
    const message = `${configFile} line ${problem.line}: ${problem.message}${more}; the AWS CLI rejects this file too`;
    return { ok: false, message };
  }
  return { ok: true, text: read.text, config, sso: resolveSsoProfiles(config) };
}
