import { httpHandler } from "./http-handler.js";

/** Ends the portal session of an access token (as `aws sso logout`); says why when it could not. */
export async function portalLogout(
  region: string,
  accessToken: string,
  timeoutSeconds: number,
): Promise<string | undefined> {
  const { LogoutCommand, SSOClient } = await import("@aws-sdk/client-sso");
  const client = new SSOClient({ region, requestHandler: await httpHandler(timeoutSeconds) });
  try {
    await client.send(new LogoutCommand({ accessToken }));
    return undefined;
  } catch (error) {
    const shape = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    // A token the portal no longer knows is as logged out as it gets.
    if (shape.name === "UnauthorizedException" || shape.$metadata?.httpStatusCode === 401)
      return undefined;
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.destroy();
  }
}
