import { LogoutCommand, SSOClient } from "@aws-sdk/client-sso";
import { httpHandler } from "./http-handler.js";
import { classifyPortalError, type PortalFailure, portalEndpoint } from "./portal-errors.js";

/**
 * Ends the portal session of an access token (as `aws sso logout`), giving up after
 * `timeoutSeconds` in all, retries included; says why in one line when the portal was not told.
 */
export async function portalLogout(
  region: string,
  accessToken: string,
  timeoutSeconds: number,
  env: Readonly<Record<string, string | undefined>>,
): Promise<PortalFailure | undefined> {
  const client = new SSOClient({ region, requestHandler: httpHandler(timeoutSeconds) });
  try {
    // The signal bounds the whole call: the SDK would otherwise try three times.
    const abortSignal = AbortSignal.timeout(timeoutSeconds * 1000);
    await client.send(new LogoutCommand({ accessToken }), { abortSignal });
    return undefined;
  } catch (error) {
    const request = { region, endpoint: portalEndpoint(region, env), accountId: "", roleName: "" };
    const failure = classifyPortalError(error, request, timeoutSeconds);
    // A token the portal no longer knows is as logged out as it gets.
    return failure.kind === "login-needed" ? undefined : failure;
  } finally {
    client.destroy();
  }
}
