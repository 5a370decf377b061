/** One SSO profile for a generated config. */
export interface ProfileSpec {
  readonly name: string;
  readonly account: string;
  readonly role: string;
}

/** An `[sso-session]` block and its profiles, as `aws configure sso` writes them. */
export function sessionConfig(
  session: string,
  profiles: readonly ProfileSpec[],
  region = "eu-west-1",
): string {
  const head = `[sso-session ${session}]\nsso_start_url = https://${session}.awsapps.com/start#/\nsso_region = ${region}\nsso_registration_scopes = sso:account:access\n`;
  const body = profiles.map(
    (profile) =>
      `\n[profile ${profile.name}]\nsso_session = ${session}\nsso_account_id = ${profile.account}\nsso_role_name = ${profile.role}\nregion = ${region}\n`,
  );
  return head + body.join("");
}

/** A legacy profile (SSO keys in the profile itself). */
export function legacyConfig(profile: ProfileSpec, startUrl: string, region = "us-east-1"): string {
  return `\n[profile ${profile.name}]\nsso_start_url = ${startUrl}\nsso_region = ${region}\nsso_account_id = ${profile.account}\nsso_role_name = ${profile.role}\n`;
}

/** A valid token cache body expiring `minutes` from now (or with the given expiresAt). */
export function tokenBody(accessToken: string, expiresAt: string): Record<string, unknown> {
  return {
    startUrl: "https://example.awsapps.com/start",
    region: "eu-west-1",
    accessToken,
    expiresAt,
  };
}

/** Two sso-session profiles (dev, prod on session acme) and a legacy one (old), for pure tests. */
export const THREE_SSO_PROFILES = `[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1

[profile dev]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = Admin

[profile prod]
sso_session = acme
sso_account_id = 222222222222
sso_role_name = Admin

[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 333333333333
sso_role_name = ReadOnly
`;
