import type { SyncTarget } from "../../src/model/profile-selection.js";
import type { SsoProfile } from "../../src/model/profile-types.js";
import type { TokenState } from "../../src/model/sso-token.js";

/** An sso-session profile of account 111111111111, role R. */
export const profile = (name: string, tokenKey = "acme"): SsoProfile => ({
  name,
  source: { kind: "session", session: tokenKey, startUrl: "https://acme.awsapps.com/start" },
  ssoRegion: "eu-west-1",
  accountId: "111111111111",
  roleName: "R",
  tokenKey,
});

/** A sync target writing `name` into `section`. */
export const target = (name: string, section = name, tokenKey = "acme"): SyncTarget => ({
  profileName: name,
  section,
  profile: profile(name, tokenKey),
});

/** A token valid until 2030. */
export const valid: TokenState = {
  state: "usable",
  token: { accessToken: "tok", expiresAt: new Date(Date.UTC(2030, 0, 1)) },
};
