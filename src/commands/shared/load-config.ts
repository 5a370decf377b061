import { readConfigFile } from "../../io/files/config-file.js";
import { type AwsConfig, parseAwsConfig } from "../../model/aws-config.js";
import type { SsoProfiles } from "../../model/profile-types.js";
import { configFailure, failed, ok, type Result } from "../../model/result.js";
import { resolveSsoProfiles } from "../../model/sso-profiles.js";

/** The config, its SSO profiles and its text. */
export interface LoadedConfig {
  readonly text: string;
  readonly config: AwsConfig;
  readonly sso: SsoProfiles;
}

/** Reads and parses ~/.aws/config, refusing what botocore refuses (its first problem named). */
export async function loadConfig(configFile: string): Promise<Result<LoadedConfig>> {
  const read = await readConfigFile(configFile);
  if (!read.ok) return read;
  const config = parseAwsConfig(read.value);
  const problem = config.problems[0];
  if (problem !== undefined) {
    const more = config.problems.length > 1 ? ` (and ${config.problems.length - 1} more)` : "";
    const message = `${configFile} line ${problem.line}: ${problem.message}${more}; the AWS CLI rejects this file too`;
    return failed(configFailure(message));
  }
  return ok({ text: read.value, config, sso: resolveSsoProfiles(config) });
}
