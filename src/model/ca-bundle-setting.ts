type Env = Readonly<Record<string, string | undefined>>;

/** The CA bundle a profile's calls trust, and what set it (for messages and doctor). */
export interface CaBundleSetting {
  readonly path: string;
  /** `AWS_CA_BUNDLE` or `ca_bundle of profile dev`. */
  readonly from: string;
}

/** A profile section's ca_bundle key, when it sets one. */
export function caBundleOf(values: ReadonlyMap<string, string>): { caBundle?: string } {
  const caBundle = values.get("ca_bundle");
  return caBundle === undefined || caBundle === "" ? {} : { caBundle };
}

/**
 * The bundle as botocore resolves `ca_bundle`: the AWS_CA_BUNDLE variable first, then the key in
 * the profile whose calls these are (an sso-session section's key is not read). The path is used
 * as written (botocore expands neither `~` nor variables there).
 */
export function caBundleSetting(
  profile: { readonly name: string; readonly caBundle?: string } | undefined,
  env: Env,
): CaBundleSetting | undefined {
  const variable = env.AWS_CA_BUNDLE;
  if (variable !== undefined && variable !== "") return { path: variable, from: "AWS_CA_BUNDLE" };
  if (profile?.caBundle === undefined) return undefined;
  return { path: profile.caBundle, from: `ca_bundle of profile ${profile.name}` };
}

/**
 * The profile whose settings a call without one uses (`login --sso-session S`), as the AWS CLI
 * picks it: AWS_PROFILE, else AWS_DEFAULT_PROFILE, else `default`.
 */
export function currentProfileName(env: Env): string {
  return env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || "default";
}
