import { formatTimestamp } from "./expiry.js";
import { OWNER_KEY } from "./ini-document.js";
import { markerValue } from "./ini-writable.js";
import type { RoleCredentials } from "./role-credentials.js";

/** The key sso-sync reads a section's expiry from (status, freshness, clean --expired). */
export const EXPIRY_KEY = "aws_credential_expiration";

/**
 * The same expiry under the name prompts read: starship takes `expiration`, then
 * `x_security_token_expires` (saml2aws writes it). `expiration` is too plain a name to claim in
 * a section that may hold the user's own keys.
 */
export const PROMPT_EXPIRY_KEY = "x_security_token_expires";

/** The keys sso-sync writes into a section, in the order it writes them. */
export function sectionEntries(
  credentials: RoleCredentials,
  profileName: string,
): Array<[string, string]> {
  return [
    ["aws_access_key_id", credentials.accessKeyId],
    ["aws_secret_access_key", credentials.secretAccessKey],
    // JS and Go read aws_session_token; botocore reads aws_security_token first and boto2 only
    // reads it, so both are always written with the same value.
    ["aws_session_token", credentials.sessionToken],
    ["aws_security_token", credentials.sessionToken],
    // No SDK reads an expiry from this file; this is the name aws-vault and the CLI's env use.
    [EXPIRY_KEY, formatTimestamp(credentials.expiration)],
    // starship's aws module reads `expiration`, then this key (saml2aws's), as RFC 3339.
    [PROMPT_EXPIRY_KEY, formatTimestamp(credentials.expiration)],
    // A profile " sp " is written `" sp "`: configparser would strip the spaces.
    [OWNER_KEY, markerValue(profileName)],
  ];
}

/** Every key sso-sync owns in its sections; anything else there is the user's and stays. */
export const MANAGED_KEYS: ReadonlySet<string> = new Set([
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "aws_security_token",
  EXPIRY_KEY,
  PROMPT_EXPIRY_KEY,
  OWNER_KEY,
]);
