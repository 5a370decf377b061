import { classifyAwsError } from "./aws-error.js";
import { httpHandler, type NetworkSettings } from "./http-handler.js";
import { networkWords } from "./network-words.js";
import { portalEndpoint } from "./portal-errors.js";
import { watchedCall } from "./watched-call.js";

/** How one logout call is made. */
export interface LogoutSettings {
  readonly timeoutSeconds: number;
  readonly network: NetworkSettings;
  /** Hears that the portal is slow to answer (for the progress line). */
  readonly onWaiting?: () => void;
}

/** Ends the portal session of an access token (as `aws sso logout`); says why when it could not. */
export async function portalLogout(
  region: string,
  accessToken: string,
  settings: LogoutSettings,
): Promise<string | undefined> {
  const { timeoutSeconds, network } = settings;
  const { LogoutCommand, SSOClient } = await import("@aws-sdk/client-sso");
  const client = new SSOClient({
    region,
    // One attempt, bounded by --timeout: a portal that does not answer must not hold logout up.
    maxAttempts: 1,
    requestHandler: await httpHandler({ timeoutSeconds, stallSeconds: timeoutSeconds }, network),
  });
  try {
    const abortSignal = AbortSignal.timeout(timeoutSeconds * 1000);
    await watchedCall(
      client.send(new LogoutCommand({ accessToken }), { abortSignal }),
      settings.onWaiting,
    );
    return undefined;
  } catch (error) {
    const failure = classifyAwsError(error);
    // A token the portal no longer knows is as logged out as it gets.
    if (failure.cause === "unauthorized") return undefined;
    const target = {
      where: `the SSO portal for ${region}`,
      endpoint: portalEndpoint(region, network.env),
      endpointVariable: "AWS_ENDPOINT_URL_SSO",
    };
    const words = networkWords(failure, target, timeoutSeconds, network);
    if (words !== undefined) return words;
    return `${failure.name}${failure.status === undefined ? "" : ` (HTTP ${failure.status})`}`;
  } finally {
    client.destroy();
  }
}
