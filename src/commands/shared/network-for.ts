import type { NetworkSettings } from "../../io/aws/http-handler.js";
import { readCaBundle } from "../../io/files/ca-bundle.js";
import type { AwsConfig } from "../../model/aws-config.js";
import { caBundleOf, caBundleSetting, currentProfileName } from "../../model/ca-bundle-setting.js";
import type { SsoProfile } from "../../model/profile-types.js";
import { proxyVariablesProblem } from "../../model/proxy-env.js";
import { configFailure, failed, ok, type Result } from "../../model/result.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The proxy and CA bundle each profile's calls will use: the proxy variables are checked, and
 * each bundle is read and checked once, before anything is sent: by profile name, or the one
 * line that stops the run before any call.
 */
export async function networksFor(
  profiles: readonly { readonly name: string; readonly caBundle?: string }[],
  env: Env,
): Promise<Result<ReadonlyMap<string, NetworkSettings>>> {
  const proxyProblem = proxyVariablesProblem(env);
  if (proxyProblem !== undefined) return failed(configFailure(proxyProblem));
  const bundles = new Map<string, NetworkSettings>();
  const byProfile = new Map<string, NetworkSettings>();
  // One object for every profile without a bundle: AWS clients are made one per settings object,
  // and each SDK client parses ~/.aws/config when it starts (per profile, that was quadratic).
  const plain: NetworkSettings = { env };
  for (const profile of profiles) {
    const setting = caBundleSetting(profile, env);
    if (setting === undefined) {
      byProfile.set(profile.name, plain);
      continue;
    }
    let network = bundles.get(setting.path);
    if (network === undefined) {
      const read = await readCaBundle(setting);
      if (!read.ok) return read;
      network = { env, ca: read.value };
      bundles.set(setting.path, network);
    }
    byProfile.set(profile.name, network);
  }
  return ok(byProfile);
}

/** The settings of one profile (or of the current profile, for a session without one). */
export async function networkFor(
  profile: { readonly name: string; readonly caBundle?: string } | undefined,
  env: Env,
): Promise<Result<NetworkSettings>> {
  const named = profile ?? { name: "" };
  const found = await networksFor([named], env);
  if (!found.ok) return found;
  return ok(found.value.get(named.name) ?? { env });
}

/**
 * The settings for a command on one session (accounts, populate, login, logout): the named
 * profile's, else those of the profile the AWS CLI would run as (`aws sso login --sso-session S`
 * reads ca_bundle from AWS_PROFILE or [default]).
 */
export function networkForChoice(
  wanted: { readonly profile?: string },
  config: AwsConfig,
  profiles: readonly SsoProfile[],
  env: Env,
): Promise<Result<NetworkSettings>> {
  const named = profiles.find((profile) => profile.name === wanted.profile);
  if (named !== undefined) return networkFor(named, env);
  const name = currentProfileName(env);
  const values = config.profiles.get(name)?.values;
  return networkFor(values === undefined ? undefined : { name, ...caBundleOf(values) }, env);
}
