import { createHash, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";

/** How the fake plays the person at the browser for a device login. */
export interface DeviceLogin {
  /** CreateToken answers AuthorizationPending this many times, then the chosen outcome. */
  pendingPolls: number;
  /** The first this many CreateToken polls answer SlowDownException (before any pending). */
  slowDownPolls: number;
  /** `on-visit`: pending until the device page is opened with the code, then approved. */
  outcome: "approve" | "deny" | "expire" | "on-visit";
  /** Seconds between polls that StartDeviceAuthorization asks for. */
  intervalSeconds: number;
  /** The account/role pairs the token of an approved login may use. */
  assignments: string[];
}

/** How the fake plays the person at the browser for a PKCE login (its /authorize page). */
export interface BrowserLogin {
  outcome: "approve" | "deny";
  /** "echo" returns the state it was given; "tamper" returns another one (a forged answer). */
  state: "echo" | "tamper";
  /**
   * "hang": CreateToken for a code is taken in and never answered (a stalled network);
   * "refuse": it is answered InvalidGrantException (the code was spent or expired).
   */
  exchange: "answer" | "hang" | "refuse";
}

/** What the fake saw of logins, for assertions. */
export interface LoginCounters {
  registerClient: number;
  startDeviceAuthorization: number;
  deviceTokens: number;
  /** When each device-code CreateToken poll arrived (epoch ms), for checking the pacing. */
  devicePolls: number[];
  /** GET /authorize requests that were well formed and answered with a redirect. */
  authorizations: number;
  /** Visits of the device-approval page (GET /device). */
  devicePageVisits: number;
  /** Tokens handed out for an authorization code (PKCE verified). */
  codeTokens: number;
  /** Code exchanges taken in and left unanswered (`browser.exchange` "hang"). */
  stalledExchanges: number;
  /** The RegisterClient bodies, for checking what each flow registers. */
  registrations: Record<string, unknown>[];
  /** The access tokens the portal's Logout was called with, in order. */
  logouts: string[];
}

/** The fake's SSO-OIDC login side: RegisterClient, StartDeviceAuthorization, device CreateToken. */
export interface FakeOidcLogin {
  /** The device flow's behaviour; its `assignments` are also what a PKCE login's token gets. */
  readonly device: DeviceLogin;
  readonly browser: BrowserLogin;
  readonly counters: LoginCounters;
  /** Handles a POST of the login API; false when the path or grant is not one of them. */
  handle(path: string, body: Record<string, unknown>, response: ServerResponse): boolean;
  /** GET /authorize: plays the person's approval by redirecting to the loopback callback. */
  authorize(url: URL, response: ServerResponse): void;
  /** GET /device: the device-approval page; opened with `?user_code=`, it approves that code. */
  approveDevice(url: URL, response: ServerResponse): void;
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
    client: { clientId: string; clientSecret: string; chain?: string },
    ...assignments: string[]
  ) => void,
  base: () => string,
): FakeOidcLogin {
  const defaults: DeviceLogin = {
    pendingPolls: 0,
    slowDownPolls: 0,
    outcome: "approve",
    intervalSeconds: 1,
    assignments: [],
  };
  const device: DeviceLogin = { ...defaults };
  const counters: LoginCounters = freshCounters();
  const browserDefaults: BrowserLogin = { outcome: "approve", state: "echo", exchange: "answer" };
  const browser: BrowserLogin = { ...browserDefaults };
  const clients = new Map<string, string>();
  const pkceClients = new Set<string>();
  const authCodes = new Map<string, { clientId: string; challenge: string; redirectUri: string }>();
  const issue = (clientId: string) => {
    const accessToken = token("at");
    const refreshToken = token("rt");
    grant(accessToken, ...device.assignments);
    allowRefresh(
      refreshToken,
      // The login's access token names the chain its refreshes continue (for race tests).
      { clientId, clientSecret: clients.get(clientId) ?? "", chain: accessToken },
      ...device.assignments,
    );
    return { accessToken, tokenType: "Bearer", expiresIn: 28_800, refreshToken };
  };
  const codes = new Map<
    string,
    { clientId: string; polls: number; userCode: string; visited: boolean }
  >();
  const handle = (path: string, body: Record<string, unknown>, response: ServerResponse) => {
    if (path === "/client/register") {
      counters.registerClient++;
      counters.registrations.push(body);
      const clientId = token("client");
      const clientSecret = token("secret");
      clients.set(clientId, clientSecret);
      const grants = Array.isArray(body.grantTypes) ? body.grantTypes : [];
      if (grants.includes("authorization_code")) pkceClients.add(clientId);
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
      // A client registered for the code grant may not use the device grant (as in AWS).
      if (pkceClients.has(String(body.clientId))) {
        json(response, 400, { error_description: "grant" }, "UnauthorizedClientException");
        return true;
      }
      const deviceCode = token("device");
      const userCode =
        `${randomBytes(2).toString("hex")}-${randomBytes(2).toString("hex")}`.toUpperCase();
      codes.set(deviceCode, {
        clientId: String(body.clientId),
        polls: 0,
        userCode,
        visited: false,
      });
      json(response, 200, {
        deviceCode,
        userCode,
        verificationUri: `${base()}/device`,
        verificationUriComplete: `${base()}/device?user_code=${userCode}`,
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
      counters.devicePolls.push(Date.now());
      if (code.polls < device.slowDownPolls) {
        code.polls++;
        json(response, 400, { error_description: "slow down" }, "SlowDownException");
        return true;
      }
      const pending = code.polls++ - device.slowDownPolls < device.pendingPolls;
      if (pending || (device.outcome === "on-visit" && !code.visited)) {
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
        json(response, 200, issue(code.clientId));
      }
      return true;
    }
    if (path === "/token" && body.grantType === "authorization_code") {
      if (browser.exchange === "hang") {
        counters.stalledExchanges++;
        return true;
      }
      const code = authCodes.get(String(body.code));
      authCodes.delete(String(body.code));
      const verifier = String(body.codeVerifier ?? "");
      const challenge = createHash("sha256").update(verifier).digest("base64url");
      const valid =
        code !== undefined &&
        code.clientId === body.clientId &&
        clients.get(code.clientId) === body.clientSecret &&
        code.redirectUri === body.redirectUri &&
        code.challenge === challenge;
      if (!valid || browser.exchange === "refuse") {
        json(response, 400, { error_description: "bad code" }, "InvalidGrantException");
        return true;
      }
      counters.codeTokens++;
      json(response, 200, issue(code.clientId));
      return true;
    }
    return false;
  };
  const authorize = (url: URL, response: ServerResponse) => {
    const query = url.searchParams;
    const clientId = query.get("client_id") ?? "";
    const redirect = URL.canParse(query.get("redirect_uri") ?? "")
      ? new URL(query.get("redirect_uri") ?? "")
      : undefined;
    const wellFormed =
      pkceClients.has(clientId) &&
      query.get("response_type") === "code" &&
      query.get("code_challenge_method") === "S256" &&
      /^[A-Za-z0-9_-]{43}$/.test(query.get("code_challenge") ?? "") &&
      (query.get("scopes") ?? "") !== "" &&
      (query.get("state") ?? "") !== "" &&
      redirect?.protocol === "http:" &&
      redirect.hostname === "127.0.0.1" &&
      redirect.pathname === "/oauth/callback";
    if (!wellFormed || redirect === undefined) {
      response.writeHead(400, { "content-type": "text/plain" }).end("bad authorize request");
      return;
    }
    counters.authorizations++;
    const state = browser.state === "echo" ? (query.get("state") ?? "") : "forged-state";
    if (browser.outcome === "deny") {
      redirect.search = new URLSearchParams({
        error: "access_denied",
        error_description: "The user denied the request",
        state,
      }).toString();
    } else {
      const code = token("code");
      authCodes.set(code, {
        clientId,
        challenge: query.get("code_challenge") ?? "",
        redirectUri: query.get("redirect_uri") ?? "",
      });
      redirect.search = new URLSearchParams({ code, state }).toString();
    }
    response.writeHead(302, { location: redirect.toString() }).end();
  };
  const approveDevice = (url: URL, response: ServerResponse) => {
    const userCode = url.searchParams.get("user_code");
    const pending = [...codes.values()].find((code) => code.userCode === userCode);
    counters.devicePageVisits++;
    if (pending !== undefined) pending.visited = true;
    response
      .writeHead(pending === undefined ? 404 : 200, { "content-type": "text/plain" })
      .end(pending === undefined ? "no such code" : "Approved. Return to the terminal.");
  };
  return {
    device,
    browser,
    counters,
    handle,
    authorize,
    approveDevice,
    reset() {
      Object.assign(device, defaults, { assignments: [] });
      Object.assign(browser, browserDefaults);
      Object.assign(counters, freshCounters());
    },
  };
}

function freshCounters(): LoginCounters {
  return {
    registerClient: 0,
    startDeviceAuthorization: 0,
    deviceTokens: 0,
    devicePolls: [],
    authorizations: 0,
    devicePageVisits: 0,
    codeTokens: 0,
    stalledExchanges: 0,
    registrations: [],
    logouts: [],
  };
}
