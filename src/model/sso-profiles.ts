import type { AwsConfig } from "./aws-config.js";
import { caBundleOf } from "./ca-bundle-setting.js";
import type { IniSection } from "./ini-sections.js";
import type { ProfileProblem, SsoProfile, SsoProfiles } from "./profile-types.js";
import { resolveChains } from "./role-chain.js";
import { shellWord } from "./shell-word.js";

const LEGACY_KEYS = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"] as const;

/** Resolves legacy and sso-session profiles as botocore does, reporting each broken one. */
export function resolveSsoProfiles(config: AwsConfig): SsoProfiles {
  const profiles: SsoProfile[] = [];
  const problems: ProfileProblem[] = [];
  const otherProfiles: string[] = [];
  for (const [name, section] of config.profiles) {
    const result = resolveProfile(name, section, config.ssoSessions);
    if (result === undefined) otherProfiles.push(name);
    else if ("message" in result) problems.push(result);
    else profiles.push(result);
  }
  // Chained roles are resolved once every SSO profile (their possible roots) is known.
  const chains = resolveChains(config, profiles);
  const handled = new Set([
    ...chains.chained.map((profile) => profile.name),
    ...chains.problems.map((problem) => problem.profile),
  ]);
  return {
    profiles: [...profiles, ...chains.chained],
    problems: [...problems, ...chains.problems],
    otherProfiles: otherProfiles.filter((name) => !handled.has(name)),
  };
}

/**
 * A profile resolved to everything GetRoleCredentials needs, or what is wrong with it: the
 * per-profile ProfileProblem (that profile fails alone, a line of the report), not a Failure.
 */
type Resolved = SsoProfile | ProfileProblem;

function resolveProfile(
  name: string,
  section: IniSection,
  sessions: ReadonlyMap<string, IniSection>,
): Resolved | undefined {
  const values = section.values;
  // botocore tries assume-role before SSO: such a profile is a chained role, not an SSO profile.
  if (values.has("role_arn")) return undefined;
  const sessionName = values.get("sso_session");
  if (sessionName !== undefined) return resolveSessionProfile(name, values, sessionName, sessions);
  if (!LEGACY_KEYS.some((key) => values.has(key))) return undefined;
  const missing = LEGACY_KEYS.filter((key) => !nonEmpty(values.get(key)));
  if (missing.length > 0)
    return { profile: name, message: `missing ${missing.join(", ")} (or set sso_session)` };
  const startUrl = values.get("sso_start_url") ?? "";
  const profile: SsoProfile = {
    name,
    source: { kind: "legacy", startUrl },
    ssoRegion: values.get("sso_region") ?? "",
    accountId: values.get("sso_account_id") ?? "",
    roleName: values.get("sso_role_name") ?? "",
    tokenKey: startUrl,
    ...regionOf(values),
    ...caBundleOf(values),
  };
  return profile;
}

function resolveSessionProfile(
  name: string,
  values: ReadonlyMap<string, string>,
  sessionName: string,
  sessions: ReadonlyMap<string, IniSection>,
): Resolved {
  if (sessionName === "") return { profile: name, message: "sso_session is empty" };
  const session = sessions.get(sessionName)?.values;
  if (session === undefined)
    return {
      profile: name,
      message: `sso_session = ${sessionName} but there is no [sso-session ${sessionName}] section`,
    };
  const missing = (["sso_start_url", "sso_region"] as const).filter(
    (key) => !nonEmpty(session.get(key)),
  );
  if (missing.length > 0)
    return {
      profile: name,
      message: `[sso-session ${sessionName}] is missing ${missing.join(", ")}`,
    };
  // botocore refuses a key set in both places with different values.
  for (const key of ["sso_start_url", "sso_region"] as const) {
    const own = values.get(key);
    if (own !== undefined && own !== session.get(key)) {
      return {
        profile: name,
        message: `${key} = ${own} differs from [sso-session ${sessionName}] (${session.get(key)}); remove it from the profile`,
      };
    }
  }
  const missingOwn = (["sso_account_id", "sso_role_name"] as const).filter(
    (key) => !nonEmpty(values.get(key)),
  );
  if (missingOwn.length > 0) return { profile: name, message: `missing ${missingOwn.join(", ")}` };
  const profile: SsoProfile = {
    name,
    source: { kind: "session", session: sessionName, startUrl: session.get("sso_start_url") ?? "" },
    ssoRegion: session.get("sso_region") ?? "",
    accountId: values.get("sso_account_id") ?? "",
    roleName: values.get("sso_role_name") ?? "",
    tokenKey: sessionName,
    ...regionOf(values),
    ...caBundleOf(values),
  };
  return profile;
}

function regionOf(values: ReadonlyMap<string, string>): { region?: string } {
  const region = values.get("region");
  return nonEmpty(region) ? { region } : {};
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

/** What names this profile's token for a login: `--sso-session S` or `--profile P`. */
export function loginArgs(profile: SsoProfile): string[] {
  return profile.source.kind === "session"
    ? ["--sso-session", profile.source.session]
    : ["--profile", profile.loginProfile ?? profile.name];
}

/** The exact sso-sync command that logs this profile's token in again, ready to paste. */
export function loginCommand(profile: SsoProfile): string {
  return ["sso-sync", "login", ...loginArgs(profile)].map(shellWord).join(" ");
}

/** The AWS CLI v2 command that does the same login (same token cache). */
export function awsLoginCommand(profile: SsoProfile): string {
  return ["aws", "sso", "login", ...loginArgs(profile)].map(shellWord).join(" ");
}

/** A login command as said to a person: sso-sync's, then the AWS CLI's equivalent. */
export function loginAdvice(command: string, awsCommand?: string): string {
  return awsCommand === undefined ? command : `${command} (or ${awsCommand})`;
}
