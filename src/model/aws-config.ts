import type { IniProblem, IniSection } from "./ini-sections.js";
import { parseIni } from "./ini-sections.js";

/** Profiles and sso-sessions of ~/.aws/config, keyed by the names the AWS CLI uses. */
export interface AwsConfig {
  readonly profiles: ReadonlyMap<string, IniSection>;
  readonly ssoSessions: ReadonlyMap<string, IniSection>;
  readonly problems: readonly IniProblem[];
}

/** Reads ~/.aws/config text the way botocore builds its profile map. */
export function parseAwsConfig(text: string): AwsConfig {
  const parsed = parseIni(text);
  const profiles = new Map<string, IniSection>();
  const ssoSessions = new Map<string, IniSection>();
  let explicitDefault = false;
  for (const section of parsed.sections) {
    const [prefix, name] = splitSectionName(section.name);
    if (prefix === "profile" && name !== undefined) {
      // botocore: `[profile default]` wins over `[default]` when both exist.
      if (name === "default") explicitDefault = true;
      profiles.set(name, section);
    } else if (prefix === "default" && name === undefined && !explicitDefault) {
      profiles.set("default", section);
    } else if (prefix === "sso-session" && name !== undefined) {
      ssoSessions.set(name, section);
    }
  }
  return { profiles, ssoSessions, problems: parsed.problems };
}

/** `profile team.dev` -> ["profile", "team.dev"]; botocore splits the header like a shell would. */
function splitSectionName(header: string): [string, string | undefined] {
  const match = /^(\S+)(?:\s+(.+))?$/.exec(header);
  const prefix = match?.[1] ?? header;
  const rest = match?.[2]?.trim();
  if (rest === undefined) return [prefix, undefined];
  const quoted = /^(["'])(.*)\1$/.exec(rest);
  if (quoted !== null) return [prefix, quoted[2]];
  return /\s/.test(rest) ? [prefix, undefined] : [prefix, rest];
}
