/** The child's environment: ours without variables that would shadow or confuse the credentials. */
export function childEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  variables: ReadonlyArray<readonly [string, string]>,
  dropped: ReadonlySet<string> = SHADOWING,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && !dropped.has(name)) env[name] = value;
  }
  for (const [name, value] of variables) env[name] = value;
  return env;
}

// A profile name beats nothing in the SDKs' chain, but tools that read AWS_PROFILE first (and the
// AWS CLI's own profile lookup) would ignore the keys; stale key variables would mix identities.
const SHADOWING = new Set([
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_ACCESS_KEY",
  "AWS_SECRET_KEY",
  "AWS_CREDENTIAL_FILE",
]);

/**
 * What a child of `exec --server` must not inherit besides: variables the SDKs read before the
 * endpoint's (the relative URI and a token file win over FULL_URI and the token; web identity
 * comes earlier in every chain).
 */
export const ENDPOINT_SHADOWING: ReadonlySet<string> = new Set([
  ...SHADOWING,
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
]);
