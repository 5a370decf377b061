import { oidcEndpoint } from "../../model/oidc-endpoint.js";
import {
  type Failure,
  failed,
  loginFailure,
  ok,
  profileFailure,
  type Result,
} from "../../model/result.js";
import type { RefreshGrant } from "../../model/sso-token.js";
import { classifyAwsError } from "./aws-error.js";
import { httpHandler, type NetworkSettings } from "./http-handler.js";
import { networkWords } from "./network-words.js";
import { pacedCall } from "./paced-call.js";
import { Pacer } from "./pacer.js";

/** A new access token from CreateToken; `refreshToken` is set when the service rotated it. */
export interface CreatedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken?: string;
}

/**
 * The new token, or why there is none: a `login` failure means only a new login helps (the grant
 * or the registration was refused); any other means the service could not be reached or answer.
 */
export type RefreshOutcome = Result<CreatedToken>;

/** How to reach SSO-OIDC. */
export interface OidcSettings {
  readonly timeoutSeconds: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The run's pacing; without one (a lone call), the call is paced on its own. */
  readonly pacer?: Pacer;
  /** The proxy and CA bundle of the profile that needs the token. */
  readonly network: NetworkSettings;
}

/** SSO-OIDC CreateToken with grant type refresh_token, as botocore sends it; never throws. */
export async function createToken(
  region: string,
  grant: RefreshGrant,
  settings: OidcSettings,
): Promise<RefreshOutcome> {
  const { CreateTokenCommand, SSOOIDCClient } = await import("@aws-sdk/client-sso-oidc");
  const client = new SSOOIDCClient({
    region,
    // One attempt per send: the pacer decides about retries.
    maxAttempts: 1,
    requestHandler: await httpHandler(
      { timeoutSeconds: settings.timeoutSeconds },
      settings.network,
    ),
  });
  const pacer =
    settings.pacer ?? new Pacer({ concurrency: 1, timeoutSeconds: settings.timeoutSeconds });
  const command = new CreateTokenCommand({
    clientId: grant.clientId,
    clientSecret: grant.clientSecret,
    grantType: "refresh_token",
    refreshToken: grant.refreshToken,
  });
  try {
    const output = await pacedCall(pacer, `oidc ${region}`, (abortSignal) =>
      client.send(command, { abortSignal }),
    );
    const { accessToken, expiresIn, refreshToken } = output;
    if (typeof accessToken !== "string" || accessToken === "" || typeof expiresIn !== "number")
      return failed(profileFailure("CreateToken returned no token"));
    const created = { accessToken, expiresInSeconds: expiresIn };
    return ok(refreshToken ? { ...created, refreshToken } : created);
  } catch (error) {
    return failed(refreshFailure(error, oidcEndpoint(region, settings.env), settings));
  } finally {
    client.destroy();
  }
}

function refreshFailure(error: unknown, endpoint: string, settings: OidcSettings): Failure {
  const failed = classifyAwsError(error);
  // The grant or the client registration is no good: a new `aws sso login` is the only way out.
  if (failed.cause === "unauthorized" || failed.cause === "forbidden")
    return loginFailure(`${failed.name} from ${endpoint}`);
  if (failed.budgetSeconds !== undefined)
    return profileFailure(
      `${endpoint} kept throttling requests (429) for ${failed.budgetSeconds}s`,
      "throttled",
    );
  const target = { where: "SSO-OIDC", endpoint, endpointVariable: "AWS_ENDPOINT_URL_SSO_OIDC" };
  const plainCode =
    failed.cause === "network" && !/^(EAI_AGAIN|ENOTFOUND)$/.test(failed.code ?? "");
  const words = plainCode
    ? undefined
    : networkWords(failed, target, settings.timeoutSeconds, settings.network);
  return profileFailure(words ?? `${failed.code ?? failed.name} from ${endpoint}`);
}
