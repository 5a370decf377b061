import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";

/** How the fake plays the person at the browser for a device login. */
export interface DeviceLogin {
  /** CreateToken answers AuthorizationPending this many times, then the chosen outcome. */
  pendingPolls: number;
  outcome: "approve" | "deny" | "expire";
  /** Seconds between polls that StartDeviceAuthorization asks for. */
  intervalSeconds: number;
  /** The account/role pairs the token of an approved login may use. */
  assignments: string[];
}

/** What the fake saw of logins, for assertions. */
export interface LoginCounters {
  registerClient: number;
  startDeviceAuthorization: number;
  deviceTokens: number;
  /** The access tokens the portal's Logout was called with, in order. */
  logouts: string[];
}

/** The fake's SSO-OIDC login side: RegisterClient, StartDeviceAuthorization, device CreateToken. */
export interface FakeOidcLogin {
  readonly device: DeviceLogin;
  readonly counters: LoginCounters;
  /** Handles a POST of the login API; false when the path or grant is not one of them. */
  handle(path: string, body: Record<string, unknown>, response: ServerResponse): boolean;
  reset(): void;
}

const token = (prefix: string) => `${prefix}-${randomBytes(12).toString("hex")}`;

function json(response: ServerResponse, status: number, body: unknown, type?: string): void {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (type !== undefined) headers["x-amzn-errortype"] = type;
  response
    .writeHead(status, headers)
    .end(JSON.stringify(type ? { error: type, ...(body as object) } : body));
}

/**
 * The login endpoints. An approved device login grants `device.assignments` to the new access
 * token through `grant`, and registers its refresh token through `allowRefresh`.
 */
export function fakeOidcLogin(
  grant: (accessToken: string, ...assignments: string[]) => void,
  allowRefresh: (
    refresh: string,
    client: { clientId: string; clientSecret: string },
    ...assignments: string[]
  ) => void,
): FakeOidcLogin {
  const defaults: DeviceLogin = {
    pendingPolls: 0,
    outcome: "approve",
    intervalSeconds: 1,
    assignments: [],
  };
  const device: DeviceLogin = { ...defaults };
  const counters: LoginCounters = {
    registerClient: 0,
    startDeviceAuthorization: 0,
    deviceTokens: 0,
    logouts: [],
  };
  const clients = new Map<string, string>();
  const codes = new Map<string, { clientId: string; polls: number }>();
  const handle = (path: string, body: Record<string, unknown>, response: ServerResponse) => {
    if (path === "/client/register") {
      counters.registerClient++;
      const clientId = token("client");
      const clientSecret = token("secret");
      clients.set(clientId, clientSecret);
      const expires = Math.floor(Date.now() / 1000) + 90 * 86_400;
      json(response, 200, {
        clientId,
        clientSecret,
        clientIdIssuedAt: expires - 90 * 86_400,
        clientSecretExpiresAt: expires,
      });
      return true;
    }
    if (path === "/device_authorization") {
      counters.startDeviceAuthorization++;
      if (clients.get(String(body.clientId)) !== body.clientSecret) {
        json(response, 400, { error_description: "unknown client" }, "InvalidClientException");
        return true;
      }
      const deviceCode = token("device");
      const userCode =
        `${randomBytes(2).toString("hex")}-${randomBytes(2).toString("hex")}`.toUpperCase();
      codes.set(deviceCode, { clientId: String(body.clientId), polls: 0 });
      json(response, 200, {
        deviceCode,
        userCode,
        verificationUri: "https://device.sso.example/",
        verificationUriComplete: `https://device.sso.example/?user_code=${userCode}`,
        expiresIn: 600,
        interval: device.intervalSeconds,
      });
      return true;
    }
    if (path === "/token" && body.grantType === "urn:ietf:params:oauth:grant-type:device_code") {
      const code = codes.get(String(body.deviceCode));
      if (code === undefined || code.clientId !== body.clientId) {
        json(response, 400, { error_description: "unknown device code" }, "InvalidGrantException");
        return true;
      }
      if (code.polls++ < device.pendingPolls) {
        json(response, 400, { error_description: "pending" }, "AuthorizationPendingException");
        return true;
      }
      if (device.outcome === "deny")
        json(response, 400, { error_description: "denied" }, "AccessDeniedException");
      else if (device.outcome === "expire")
        json(response, 400, { error_description: "expired" }, "ExpiredTokenException");
      else {
        counters.deviceTokens++;
        codes.delete(String(body.deviceCode));
        const accessToken = token("at");
        const refreshToken = token("rt");
        grant(accessToken, ...device.assignments);
        allowRefresh(
          refreshToken,
          { clientId: code.clientId, clientSecret: clients.get(code.clientId) ?? "" },
          ...device.assignments,
        );
        json(response, 200, { accessToken, tokenType: "Bearer", expiresIn: 28_800, refreshToken });
      }
      return true;
    }
    return false;
  };
  return {
    device,
    counters,
    handle,
    reset() {
      Object.assign(device, defaults, { assignments: [] });
      Object.assign(counters, {
        registerClient: 0,
        startDeviceAuthorization: 0,
        deviceTokens: 0,
        logouts: [],
      });
    },
  };
}
