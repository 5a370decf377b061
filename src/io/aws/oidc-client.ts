import type { RefreshGrant } from "../../model/sso-token.js";
import { httpHandler } from "./http-handler.js";
import { pacedCall } from "./paced-call.js";
import { Pacer, ThrottledOut } from "./pacer.js";

/** A new access token from CreateToken; `refreshToken` is set when the service rotated it. */
export interface CreatedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken?: string;
}

/** The new token, or why there is none: `rejected` means only a new login helps. */
export type RefreshOutcome =
  | { readonly ok: true; readonly created: CreatedToken }
  | { readonly ok: false; readonly rejected: boolean; readonly detail: string };

/** How to reach SSO-OIDC. */
export interface OidcSettings {
  readonly timeoutSeconds: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The run's pacing; without one (a lone call), the call is paced on its own. */
  readonly pacer?: Pacer;
}

// The grant or the client registration is no good: a new `aws sso login` is the only way out.
const REJECTIONS = new Set([
  "InvalidGrantException",
  "ExpiredTokenException",
  "InvalidClientException",
  "UnauthorizedClientException",
  "AccessDeniedException",
]);

/** The SSO-OIDC endpoint the SDK will call, for messages. */
function oidcEndpoint(region: string, env: OidcSettings["env"]): string {
  return (
    env.AWS_ENDPOINT_URL_SSO_OIDC || env.AWS_ENDPOINT_URL || `https://oidc.${region}.amazonaws.com`
  );
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
    requestHandler: await httpHandler(settings.timeoutSeconds),
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
      return { ok: false, rejected: false, detail: "CreateToken returned no token" };
    const created = { accessToken, expiresInSeconds: expiresIn };
    return { ok: true, created: refreshToken ? { ...created, refreshToken } : created };
  } catch (error) {
    return failure(error, oidcEndpoint(region, settings.env));
  } finally {
    client.destroy();
  }
}

function failure(error: unknown, endpoint: string): RefreshOutcome {
  const shape = (error ?? {}) as { name?: string; code?: string; message?: string };
  const name = shape.name ?? "Error";
  if (REJECTIONS.has(name))
    return { ok: false, rejected: true, detail: `${name} from ${endpoint}` };
  if (error instanceof ThrottledOut)
    return {
      ok: false,
      rejected: false,
      detail: `${endpoint} kept throttling requests (429) for ${error.budgetSeconds}s`,
    };
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const code = shape.code ?? cause;
  return { ok: false, rejected: false, detail: `${code ?? name} from ${endpoint}` };
}
