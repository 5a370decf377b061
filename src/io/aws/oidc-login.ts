import type { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { PKCE_GRANT_TYPES, type Registration } from "../../model/login-cache.js";
import { httpHandler, type NetworkSettings } from "./http-handler.js";
import { watchedCall } from "./watched-call.js";

/** What the person must open and confirm (always printed: the full URL may not carry the code). */
export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete?: string;
  readonly expiresInSeconds: number;
  readonly intervalSeconds: number;
}

/** One CreateToken attempt of the device flow, as botocore reads the answers. */
export type DevicePoll =
  | {
      readonly kind: "token";
      readonly accessToken: string;
      readonly expiresInSeconds: number;
      readonly refreshToken?: string;
    }
  | { readonly kind: "pending" }
  | { readonly kind: "slow-down" }
  | { readonly kind: "expired" }
  | { readonly kind: "denied"; readonly detail: string };

/** How a login's requests are bounded and watched. */
export interface LoginCalls {
  /** Every request ends by then (epoch ms): the login's --timeout bounds each of them. */
  readonly deadline: number;
  readonly network: NetworkSettings;
  /** Hears that a request is still waiting after a second (for the progress line). */
  readonly onWaiting?: () => void;
}

const calls = new WeakMap<SSOOIDCClient, LoginCalls>();

/** An SSO-OIDC client for one region (AWS_ENDPOINT_URL_SSO_OIDC honoured by the SDK). */
export async function oidcClient(region: string, login: LoginCalls): Promise<SSOOIDCClient> {
  const { SSOOIDCClient } = await import("@aws-sdk/client-sso-oidc");
  const timeoutSeconds = Math.max(1, (login.deadline - Date.now()) / 1000);
  // A request waits as long as the login may (its --timeout), not a shorter socket limit.
  const limits = { timeoutSeconds, stallSeconds: timeoutSeconds };
  const client = new SSOOIDCClient({
    region,
    requestHandler: await httpHandler(limits, login.network),
  });
  calls.set(client, login);
  return client;
}

/** One request of the login: aborted by Ctrl-C or at the login's deadline, watched while slow. */
function send<T>(
  client: SSOOIDCClient,
  abortSignal: AbortSignal | undefined,
  request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const login = calls.get(client);
  const left = Math.max(1, (login?.deadline ?? Date.now() + 600_000) - Date.now());
  const deadline = AbortSignal.timeout(left);
  const signal = abortSignal === undefined ? deadline : AbortSignal.any([abortSignal, deadline]);
  return watchedCall(request(signal), login?.onWaiting);
}

/** What a PKCE registration adds: the code grant, the portless loopback redirect, the issuer. */
export interface PkceRegistration {
  readonly issuerUrl: string;
}

// RFC 8252 7.3: the loopback redirect is registered without a port; any port matches it.
const LOOPBACK_REDIRECT = "http://127.0.0.1/oauth/callback";

/** RegisterClient, as the AWS CLI does it: public client, the session's scopes, PKCE's extras. */
export async function registerClient(
  client: SSOOIDCClient,
  clientName: string,
  scopes: readonly string[] | null,
  now: Date,
  pkce?: PkceRegistration,
  abortSignal?: AbortSignal,
): Promise<Registration> {
  const { RegisterClientCommand } = await import("@aws-sdk/client-sso-oidc");
  const output = await send(client, abortSignal, (signal) =>
    client.send(
      new RegisterClientCommand({
        clientName,
        clientType: "public",
        ...(scopes === null ? {} : { scopes: [...scopes] }),
        ...(pkce === undefined
          ? {}
          : {
              grantTypes: [...PKCE_GRANT_TYPES],
              redirectUris: [LOOPBACK_REDIRECT],
              issuerUrl: pkce.issuerUrl,
            }),
      }),
      { abortSignal: signal },
    ),
  );
  const { clientId, clientSecret, clientSecretExpiresAt } = output;
  if (clientId === undefined || clientSecret === undefined)
    throw new Error("RegisterClient returned no client");
  const expiresAt = new Date((clientSecretExpiresAt ?? now.getTime() / 1000) * 1000);
  const base =
    scopes === null
      ? { clientId, clientSecret, expiresAt }
      : { clientId, clientSecret, expiresAt, scopes };
  return pkce === undefined ? base : { ...base, grantTypes: PKCE_GRANT_TYPES };
}

/** StartDeviceAuthorization for the start URL. */
export async function startDeviceAuthorization(
  client: SSOOIDCClient,
  registration: Registration,
  startUrl: string,
  abortSignal?: AbortSignal,
): Promise<DeviceAuthorization> {
  const { StartDeviceAuthorizationCommand } = await import("@aws-sdk/client-sso-oidc");
  const output = await send(client, abortSignal, (signal) =>
    client.send(
      new StartDeviceAuthorizationCommand({
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        startUrl,
      }),
      { abortSignal: signal },
    ),
  );
  const { deviceCode, userCode, verificationUri, verificationUriComplete } = output;
  if (!deviceCode || !userCode || !verificationUri)
    throw new Error("StartDeviceAuthorization returned no device code");
  return {
    deviceCode,
    userCode,
    verificationUri,
    ...(verificationUriComplete ? { verificationUriComplete } : {}),
    expiresInSeconds: output.expiresIn ?? 600,
    // botocore's default when the service sends none.
    intervalSeconds: output.interval ?? 5,
  };
}

/** One CreateToken with the device code; the service's refusals become the poll's state. */
export async function pollDeviceToken(
  client: SSOOIDCClient,
  registration: Registration,
  deviceCode: string,
  abortSignal?: AbortSignal,
): Promise<DevicePoll> {
  const { CreateTokenCommand } = await import("@aws-sdk/client-sso-oidc");
  try {
    const output = await send(client, abortSignal, (signal) =>
      client.send(
        new CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          grantType: "urn:ietf:params:oauth:grant-type:device_code",
          deviceCode,
        }),
        { abortSignal: signal },
      ),
    );
    return tokenOf(output) ?? { kind: "denied", detail: "CreateToken returned no token" };
  } catch (error) {
    const name = (error as { name?: string }).name ?? "";
    if (name === "AuthorizationPendingException") return { kind: "pending" };
    if (name === "SlowDownException") return { kind: "slow-down" };
    if (name === "ExpiredTokenException") return { kind: "expired" };
    if (name === "AccessDeniedException")
      return { kind: "denied", detail: "the sign-in was refused" };
    throw error;
  }
}

/** A CreateToken answer as a token, or undefined when it carries none. */
function tokenOf(output: {
  accessToken?: string | undefined;
  expiresIn?: number | undefined;
  refreshToken?: string | undefined;
}): Extract<DevicePoll, { kind: "token" }> | undefined {
  const { accessToken, expiresIn, refreshToken } = output;
  if (!accessToken || typeof expiresIn !== "number") return undefined;
  const token = { kind: "token" as const, accessToken, expiresInSeconds: expiresIn };
  return refreshToken ? { ...token, refreshToken } : token;
}

/** CreateToken with the code the browser brought back, its verifier and the same redirect URI. */
export async function exchangeAuthorizationCode(
  client: SSOOIDCClient,
  registration: Registration,
  exchange: { readonly code: string; readonly codeVerifier: string; readonly redirectUri: string },
  abortSignal?: AbortSignal,
): Promise<Extract<DevicePoll, { kind: "token" }>> {
  const { CreateTokenCommand } = await import("@aws-sdk/client-sso-oidc");
  const output = await send(client, abortSignal, (signal) =>
    client.send(
      new CreateTokenCommand({
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        grantType: "authorization_code",
        code: exchange.code,
        codeVerifier: exchange.codeVerifier,
        redirectUri: exchange.redirectUri,
      }),
      { abortSignal: signal },
    ),
  );
  const token = tokenOf(output);
  if (token === undefined) throw new Error("CreateToken returned no token");
  return token;
}
