/** The child's environment: ours without variables that would shadow or confuse the credentials. */
export function childEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  variables: ReadonlyArray<readonly [string, string]>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && !SHADOWING.has(name)) env[name] = value;
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
