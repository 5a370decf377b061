type Env = Readonly<Record<string, string | undefined>>;

/**
 * The SSO-OIDC endpoint for a region, honouring the SDKs' service-specific and global endpoint
 * variables (AWS_ENDPOINT_URL_SSO_OIDC, then AWS_ENDPOINT_URL) as the SSO-OIDC client does.
 */
export function oidcEndpoint(region: string, env: Env): string {
  const ignored = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? "").toLowerCase() === "true";
  const configured = ignored ? undefined : env.AWS_ENDPOINT_URL_SSO_OIDC || env.AWS_ENDPOINT_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://oidc.${region}.${suffix}`;
}

/** The portal endpoint the SSO client calls: AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL, else AWS's host. */
export function portalEndpoint(region: string, env: Env): string {
  return (
    env.AWS_ENDPOINT_URL_SSO || env.AWS_ENDPOINT_URL || `https://portal.sso.${region}.amazonaws.com`
  );
}
