/** Where a profile's SSO token lives: a legacy start URL or a named sso-session. */
export type TokenSource =
  | { readonly kind: "legacy"; readonly startUrl: string }
  | { readonly kind: "session"; readonly session: string; readonly startUrl: string };

/** An SSO profile from ~/.aws/config, resolved to everything GetRoleCredentials needs. */
export interface SsoProfile {
  readonly name: string;
  readonly source: TokenSource;
  readonly ssoRegion: string;
  readonly accountId: string;
  readonly roleName: string;
  /** The token cache key: the start URL (legacy) or the session name (sso-session). */
  readonly tokenKey: string;
  /** The profile's own `region` (for AWS_REGION in env/exec), when it sets one. */
  readonly region?: string;
  /** For a chained role (`role_arn` + `source_profile`): the AssumeRole hops after the SSO root. */
  readonly chain?: readonly RoleHop[];
  /** For a chained role: the SSO profile at its root, whose login it needs. */
  readonly loginProfile?: string;
  /** The profile's own `ca_bundle` (botocore reads it from the profile used, never the session's). */
  readonly caBundle?: string;
}

/** A profile that looks like SSO but cannot be used, with the reason naming the key or session. */
export interface ProfileProblem {
  readonly profile: string;
  readonly message: string;
}

/** Every SSO profile of the config, plus the SSO profiles that are misconfigured. */
export interface SsoProfiles {
  readonly profiles: readonly SsoProfile[];
  readonly problems: readonly ProfileProblem[];
  /** Names of profiles that exist but do not use SSO (static keys, role_arn, credential_process). */
  readonly otherProfiles: readonly string[];
}

/** One AssumeRole step of a chained profile, with the keys botocore reads from that profile. */
export interface RoleHop {
  readonly profile: string;
  readonly roleArn: string;
  readonly roleSessionName?: string;
  readonly externalId?: string;
  readonly durationSeconds?: number;
  readonly mfaSerial?: string;
  readonly region?: string;
}
