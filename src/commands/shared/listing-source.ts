import type { TokenRequest } from "../../io/files/token-cache.js";
import type { AwsConfig } from "../../model/aws-config.js";
import type { SsoProfile } from "../../model/profile-types.js";
import { configFailure, failed, ok, type Result } from "../../model/result.js";
import { SETUP_ADVICE } from "../../model/setup-plan.js";
import { shellWord } from "../../model/shell-word.js";
import { awsLoginCommand, loginAdvice, loginCommand } from "../../model/sso-profiles.js";

/** The token to list accounts with, and the command that logs it in again. */
export interface ListingSource {
  /** `session acme` or `start URL https://...`, for messages. */
  readonly label: string;
  readonly request: TokenRequest;
  /** What to run to log it in again, as said to a person (sso-sync's, then the AWS CLI's). */
  readonly loginCommand: string;
}

/** The listing source, or why the command line or config names none (exit 2). */
export type SourceChoice = Result<ListingSource>;

const none = (message: string): SourceChoice => failed(configFailure(message));

/** Which token `accounts` and `populate` use: `--sso-session S`, `--profile P`, or the only one. */
export function listingSource(
  config: AwsConfig,
  profiles: readonly SsoProfile[],
  cacheDir: string,
  wanted: { session?: string; profile?: string },
): SourceChoice {
  if (wanted.session !== undefined) return sessionSource(config, cacheDir, wanted.session);
  if (wanted.profile !== undefined) {
    const profile = profiles.find((each) => each.name === wanted.profile);
    return profile === undefined
      ? none(`no SSO profile named ${wanted.profile}`)
      : profileSource(profile, cacheDir);
  }
  const sessions = [...config.ssoSessions.keys()];
  const legacy = [
    ...new Set(profiles.filter((p) => p.source.kind === "legacy").map((p) => p.tokenKey)),
  ];
  const [only, ...others] = [...sessions, ...legacy];
  if (only === undefined)
    return none(`no [sso-session] and no SSO profile in the config; run: ${SETUP_ADVICE}`);
  if (others.length > 0)
    return none(
      `several SSO sessions (${[only, ...others].join(", ")}); choose one with --sso-session or --profile`,
    );
  if (sessions.includes(only)) return sessionSource(config, cacheDir, only);
  const profile = profiles.find((each) => each.tokenKey === only);
  return profile === undefined
    ? none(`no SSO profile for ${only}`)
    : profileSource(profile, cacheDir);
}

function sessionSource(config: AwsConfig, cacheDir: string, session: string): SourceChoice {
  const section = config.ssoSessions.get(session);
  const region = section?.values.get("sso_region");
  if (section === undefined) return none(`there is no [sso-session ${session}] in the config`);
  if (region === undefined || region === "")
    return none(`[sso-session ${session}] has no sso_region`);
  const source = {
    label: `session ${session}`,
    request: { cacheDir, tokenKey: session, isSession: true, ssoRegion: region },
    loginCommand: loginAdvice(
      `sso-sync login --sso-session ${shellWord(session)}`,
      `aws sso login --sso-session ${shellWord(session)}`,
    ),
  };
  return ok(source);
}

function profileSource(profile: SsoProfile, cacheDir: string): SourceChoice {
  const isSession = profile.source.kind === "session";
  const source = {
    label: isSession ? `session ${profile.tokenKey}` : `start URL ${profile.tokenKey}`,
    request: { cacheDir, tokenKey: profile.tokenKey, isSession, ssoRegion: profile.ssoRegion },
    loginCommand: loginAdvice(loginCommand(profile), awsLoginCommand(profile)),
  };
  return ok(source);
}
