import { readCaBundle } from "../../io/files/ca-bundle.js";
import { caBundleSetting } from "../../model/ca-bundle-setting.js";
import { portalEndpoint } from "../../model/oidc-endpoint.js";
import type { SsoProfile } from "../../model/profile-types.js";
import { isProxyProblem, proxyFor } from "../../model/proxy-env.js";
import type { Finding } from "./doctor-checks.js";

/** How one profile's calls would travel: the proxy (never its password) and the CA bundle. */
export interface ProfileNetwork {
  readonly profile: string;
  /** `http://user:***@host:port (HTTPS_PROXY)`, or null for a direct connection. */
  readonly proxy: string | null;
  /** `/etc/corp-ca.pem (AWS_CA_BUNDLE)`, or null for Node's own roots. */
  readonly caBundle: string | null;
}

/** Each profile's proxy and bundle (checked to be readable PEM), and what is wrong with them. */
export async function diagnoseNetwork(
  profiles: readonly SsoProfile[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ network: ProfileNetwork[]; findings: Finding[] }> {
  const network: ProfileNetwork[] = [];
  const findings = new Map<string, Finding>();
  for (const profile of profiles) {
    const endpoint = new URL(portalEndpoint(profile.ssoRegion, env));
    const scheme = endpoint.protocol === "http:" ? "http" : "https";
    const port = endpoint.port === "" ? undefined : Number(endpoint.port);
    const chosen = proxyFor(scheme, endpoint.hostname, port, env);
    let proxy: string | null = null;
    if (chosen !== undefined && isProxyProblem(chosen))
      findings.set(chosen.problem, {
        severity: "error",
        check: "proxy",
        message: chosen.problem,
        fix: "set it as http://USER:PASSWORD@HOST:PORT, the password percent-encoded",
      });
    else if (chosen !== undefined) proxy = `${chosen.shown} (${chosen.variable})`;
    const setting = caBundleSetting(profile, env);
    if (setting !== undefined) {
      const read = await readCaBundle(setting);
      if (!read.ok)
        findings.set(read.failure.message, {
          severity: "error",
          check: "ca-bundle",
          message: read.failure.message,
          fix: `point ${setting.from === "AWS_CA_BUNDLE" ? "AWS_CA_BUNDLE" : "ca_bundle"} at a readable PEM file`,
        });
    }
    const caBundle = setting === undefined ? null : `${setting.path} (${setting.from})`;
    network.push({ profile: profile.name, proxy, caBundle });
  }
  return { network, findings: [...findings.values()] };
}
