import type { AwsConfig } from "./aws-config.js";
import { caBundleOf } from "./ca-bundle-setting.js";
import type { IniSection } from "./ini-sections.js";
import type { ProfileProblem, RoleHop, SsoProfile } from "./profile-types.js";

// The SDKs detect cycles but set no depth limit; ten hops is far past any real setup and stops a
// generated config from sending a run through hundreds of STS calls per profile.
export const MAX_HOPS = 10;

/**
 * Profiles with `role_arn` whose `source_profile` chain (directly or transitively) ends at an SSO
 * profile: each becomes an SsoProfile of the root's session with the hops to assume, root first.
 */
export function resolveChains(
  config: AwsConfig,
  ssoProfiles: readonly SsoProfile[],
): { chained: SsoProfile[]; problems: ProfileProblem[] } {
  const roots = new Map(ssoProfiles.map((profile) => [profile.name, profile]));
  const chained: SsoProfile[] = [];
  const problems: ProfileProblem[] = [];
  for (const [name, section] of config.profiles) {
    if (!section.values.has("role_arn")) continue;
    const walked = walk(name, config.profiles, roots);
    if (walked === undefined) continue;
    if ("message" in walked) problems.push(walked);
    else chained.push(chainedProfile(name, section, walked.root, walked.hops));
  }
  return { chained, problems };
}

/**
 * Where a chain ends: at an SSO root, or at the profile's problem (a cycle, too many hops): the
 * per-profile ProfileProblem (that profile fails alone, a line of the report), not a Failure.
 */
type Walked = { readonly root: SsoProfile; readonly hops: RoleHop[] } | ProfileProblem;

function walk(
  start: string,
  profiles: ReadonlyMap<string, IniSection>,
  roots: ReadonlyMap<string, SsoProfile>,
): Walked | undefined {
  const visited = [start];
  const hops: RoleHop[] = [];
  let current = start;
  for (;;) {
    const section = profiles.get(current);
    const roleArn = section?.values.get("role_arn");
    if (section === undefined || roleArn === undefined) return undefined;
    hops.unshift(hop(current, roleArn, section.values));
    const source = section.values.get("source_profile");
    // credential_source (EC2, ECS, environment) or web identity: not a chain sso-sync can start.
    if (source === undefined || source === "") return undefined;
    if (visited.includes(source))
      return {
        profile: start,
        message: `source_profile cycle: ${[...visited, source].join(" -> ")}`,
      };
    visited.push(source);
    if (hops.length > MAX_HOPS)
      return {
        profile: start,
        message: `role chain deeper than ${MAX_HOPS} hops: ${visited.join(" -> ")}`,
      };
    const root = roots.get(source);
    if (root !== undefined && root.chain === undefined) return { root, hops };
    if (!profiles.get(source)?.values.has("role_arn")) return undefined;
    current = source;
  }
}

function hop(profile: string, roleArn: string, values: ReadonlyMap<string, string>): RoleHop {
  const optional = (key: string) => {
    const value = values.get(key);
    return value === undefined || value === "" ? undefined : value;
  };
  const duration = optional("duration_seconds");
  return {
    profile,
    roleArn,
    ...pick("roleSessionName", optional("role_session_name")),
    ...pick("externalId", optional("external_id")),
    ...pick("durationSeconds", duration === undefined ? undefined : Number(duration)),
    ...pick("mfaSerial", optional("mfa_serial")),
    ...pick("region", optional("region")),
  };
}

function pick<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function chainedProfile(
  name: string,
  section: IniSection,
  root: SsoProfile,
  hops: RoleHop[],
): SsoProfile {
  const region = section.values.get("region") || undefined;
  const { region: _rootRegion, caBundle: _rootBundle, ...base } = root;
  return {
    ...base,
    name,
    chain: hops,
    loginProfile: root.name,
    ...(region === undefined ? {} : { region }),
    ...caBundleOf(section.values),
  };
}
