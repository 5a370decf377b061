import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import type { Registration } from "../../model/login-cache.js";
import { httpHandler } from "./http-handler.js";

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

/** An SSO-OIDC client for one region (AWS_ENDPOINT_URL_SSO_OIDC honoured by the SDK). */
export function oidcClient(region: string, timeoutSeconds: number): SSOOIDCClient {
  return new SSOOIDCClient({ region, requestHandler: httpHandler(timeoutSeconds) });
}

/** RegisterClient, as the AWS CLI does it: public client, the session's scopes. */
export async function registerClient(
  client: SSOOIDCClient,
  clientName: string,
  scopes: readonly string[] | null,
  now: Date,
): Promise<Registration> {
  const output = await client.send(
    new RegisterClientCommand({
      clientName,
      clientType: "public",
      ...(scopes === null ? {} : { scopes: [...scopes] }),
    }),
  );
  const { clientId, clientSecret, clientSecretExpiresAt } = output;
  if (clientId === undefined || clientSecret === undefined)
    throw new Error("RegisterClient returned no client");
  const expiresAt = new Date((clientSecretExpiresAt ?? now.getTime() / 1000) * 1000);
  return scopes === null
    ? { clientId, clientSecret, expiresAt }
    : { clientId, clientSecret, expiresAt, scopes };
}

/** StartDeviceAuthorization for the start URL. */
export async function startDeviceAuthorization(
  client: SSOOIDCClient,
  registration: Registration,
  startUrl: string,
): Promise<DeviceAuthorization> {
  const output = await client.send(
    new StartDeviceAuthorizationCommand({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      startUrl,
    }),
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
): Promise<DevicePoll> {
  try {
    const output = await client.send(
      new CreateTokenCommand({
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        grantType: "urn:ietf:params:oauth:grant-type:device_code",
        deviceCode,
      }),
    );
    const { accessToken, expiresIn, refreshToken } = output;
    if (!accessToken || typeof expiresIn !== "number")
      return { kind: "denied", detail: "CreateToken returned no token" };
    const token = { kind: "token" as const, accessToken, expiresInSeconds: expiresIn };
    return refreshToken ? { ...token, refreshToken } : token;
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
