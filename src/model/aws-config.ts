import type { IniProblem, IniSection } from "./ini-sections.js";
import { parseIni } from "./ini-sections.js";
import { shlexSplit } from "./shell-split.js";

/** Profiles and sso-sessions of ~/.aws/config, keyed by the names the AWS CLI uses. */
export interface AwsConfig {
  readonly profiles: ReadonlyMap<string, IniSection>;
  readonly ssoSessions: ReadonlyMap<string, IniSection>;
  readonly problems: readonly IniProblem[];
}

/**
 * Reads ~/.aws/config text the way botocore's build_profile_map does: a header that starts with
 * `profile` (or `sso-session`) and splits, like a shell, into exactly two words names the second
 * word (`[profile " sp "]` is the profile " sp "); `[default]` is the default profile. When two
 * headers name the same profile, the later one wins, in the first one's place (a Python dict;
 * verified with AWS CLI v2: `[profile default]` then `[default]` reads `[default]`).
 */
export function parseAwsConfig(text: string): AwsConfig {
  const parsed = parseIni(text);
  const profiles = new Map<string, IniSection>();
  const ssoSessions = new Map<string, IniSection>();
  for (const section of parsed.sections) {
    if (section.name.startsWith("profile")) {
      const name = secondWord(section.name);
      if (name !== undefined) profiles.set(name, section);
    } else if (section.name.startsWith("sso-session")) {
      const name = secondWord(section.name);
      if (name !== undefined) ssoSessions.set(name, section);
    } else if (section.name === "default") {
      profiles.set("default", section);
    }
  }
  return { profiles, ssoSessions, problems: parsed.problems };
}

function secondWord(header: string): string | undefined {
  const words = shlexSplit(header);
  return words?.length === 2 ? words[1] : undefined;
}
