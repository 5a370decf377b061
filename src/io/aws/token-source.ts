import type { AwsConfig } from "../../model/aws-config.js";
import type { SsoProfile } from "../../model/profile-types.js";
import { shellWord } from "../../model/shell-word.js";
import { loginCommand } from "../../model/sso-profiles.js";
import type { TokenRequest } from "../files/token-cache.js";

/** The token to list accounts with, and the command that logs it in again. */
export interface ListingSource {
  /** `session acme` or `start URL https://...`, for messages. */
  readonly label: string;
  readonly request: TokenRequest;
  readonly loginCommand: string;
}

/** Which token `accounts` and `populate` use: `--sso-session S`, `--profile P`, or the only one. */
export function listingSource(
  config: AwsConfig,
  profiles: readonly SsoProfile[],
  cacheDir: string,
  wanted: { session?: string; profile?: string },
): ListingSource | { error: string } {
  if (wanted.session !== undefined) return sessionSource(config, cacheDir, wanted.session);
  if (wanted.profile !== undefined) {
    const profile = profiles.find((each) => each.name === wanted.profile);
    return profile === undefined
      ? { error: `no SSO profile named ${wanted.profile}` }
      : profileSource(profile, cacheDir);
  }
  const sessions = [...config.ssoSessions.keys()];
  const legacy = [
    ...new Set(profiles.filter((p) => p.source.kind === "legacy").map((p) => p.tokenKey)),
  ];
  const [only, ...others] = [...sessions, ...legacy];
  if (only === undefined)
    return { error: "no [sso-session] and no SSO profile in the config; run: aws configure sso" };
  if (others.length > 0)
    return {
      error: `several SSO sessions (${[only, ...others].join(", ")}); choose one with --sso-session or --profile`,
    };
  if (sessions.includes(only)) return sessionSource(config, cacheDir, only);
  const profile = profiles.find((each) => each.tokenKey === only);
  return profile === undefined
    ? { error: `no SSO profile for ${only}` }
    : profileSource(profile, cacheDir);
}

function sessionSource(
  config: AwsConfig,
  cacheDir: string,
  session: string,
): ListingSource | { error: string } {
  const section = config.ssoSessions.get(session);
  const region = section?.values.get("sso_region");
  if (section === undefined) return { error: `there is no [sso-session ${session}] in the config` };
  if (region === undefined || region === "")
    return { error: `[sso-session ${session}] has no sso_region` };
  return {
    label: `session ${session}`,
    request: { cacheDir, tokenKey: session, isSession: true, ssoRegion: region },
    loginCommand: `aws sso login --sso-session ${shellWord(session)}`,
  };
}

function profileSource(profile: SsoProfile, cacheDir: string): ListingSource {
  const isSession = profile.source.kind === "session";
  return {
    label: isSession ? `session ${profile.tokenKey}` : `start URL ${profile.tokenKey}`,
    request: { cacheDir, tokenKey: profile.tokenKey, isSession, ssoRegion: profile.ssoRegion },
    loginCommand: loginCommand(profile),
  };
}
