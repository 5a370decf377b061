import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { type FakeOidcLogin, fakeOidcLogin } from "./fake-oidc-login.js";
import { parseAuthorization, verifySigV4 } from "./sigv4.js";

/** Credentials the fake portal handed out, remembered so the fake STS can check signatures. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: number;
  readonly accountId: string;
  readonly roleName: string;
  /** The RoleSessionName of credentials from AssumeRole. */
  readonly sessionName?: string;
}

/** Faults and behaviour the tests can change while the server runs. */
export interface FakeBehaviour {
  /** Delay before every portal answer. */
  latencyMs: number;
  /** The next N portal requests answer 429 TooManyRequestsException. */
  throttleNext: number;
  /** The next N portal requests answer this 5xx status. */
  failNext: number;
  failStatus: number;
  /** Portal requests are accepted and never answered. */
  hang: boolean;
  /** Portal answers are not JSON. */
  malformed: boolean;
  /** How long issued credentials live (the portal's; AssumeRole's at most this long too). */
  credentialLifetimeMs: number;
  /** `expiresIn` of access tokens that SSO-OIDC CreateToken hands out. */
  tokenLifetimeSeconds: number;
  /** Whether CreateToken hands out a new refresh token (rotation) and retires the old one. */
  rotateRefreshTokens: boolean;
  /** Items per page of ListAccounts and ListAccountRoles. */
  pageSize: number;
  /** Portal requests let through before `throttleNext` starts answering 429. */
  throttleSkip: number;
  /** The portal's own throttling: a token bucket over all portal requests (none by default). */
  rateLimit: RateLimit | undefined;
}

/** A token bucket: `ratePerSecond` requests admitted on average, at most `burst` at once. */
export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** What the fake saw, for assertions. */
export interface FakeCounters {
  portalRequests: number;
  maxInFlight: number;
  inFlight: number;
  stsCalls: number;
  stsRejected: number;
  byRole: Map<string, number>;
  createTokenCalls: number;
  createTokenRejected: number;
  listAccountsPages: number;
  listRolesPages: number;
  assumeRoleCalls: number;
  /** Portal requests the `rateLimit` bucket refused with 429. */
  rateLimited: number;
}

/** One STS call the fake accepted (SigV4 verified), with the key that signed it. */
export interface StsCall {
  readonly accessKeyId: string;
  readonly action: string;
  readonly userAgent: string;
  /** When it arrived (epoch ms), to compare with the signing key's expiration. */
  readonly at: number;
}

/** One AssumeRole call the fake STS accepted. */
export interface AssumedRole {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string;
  readonly durationSeconds?: number;
  readonly callerAccountId: string;
  readonly callerRoleName: string;
}

/** A fault the portal shows for one `account/role` only. */
export type RoleFault = "throttle" | "server-error" | "hang" | "malformed" | "forbidden";

/** What a role's trust policy demands of the caller. */
export interface RoleTrust {
  readonly externalId?: string;
  readonly mfa?: { readonly serial: string; readonly code: string };
}

/** A loopback fake of the SSO portal (GetRoleCredentials) and STS (GetCallerIdentity, SigV4-checked). */
export interface FakeAws {
  readonly url: string;
  readonly behaviour: FakeBehaviour;
  readonly counters: FakeCounters;
  readonly issued: Map<string, IssuedCredentials>;
  /** Accepts `accessToken` and lets it use these `account/role` pairs. */
  grant(accessToken: string, ...assignments: string[]): void;
  /**
   * Registers an SSO-OIDC client and a single-use refresh token; tokens made from it may use
   * these `account/role` pairs.
   */
  allowRefresh(
    refreshToken: string,
    client: { clientId: string; clientSecret: string },
    ...assignments: string[]
  ): void;
  /** Faults for single `account/role` pairs (cleared by reset). */
  readonly faults: Map<string, RoleFault>;
  /** Names an account for ListAccounts (default: `account-<id>`, `<id>@example.com`). */
  describeAccount(accountId: string, name: string, email: string): void;
  /** Requires an external ID or an MFA code to assume this role (default: anyone may). */
  trust(roleArn: string, trust: RoleTrust): void;
  /** AssumeRole calls accepted, in order. */
  readonly assumed: AssumedRole[];
  /** Every STS call accepted, in order (cleared by reset). */
  readonly stsAccepted: StsCall[];
  /** Takes `account/role` pairs away from a token (an assignment that was removed). */
  ungrant(accessToken: string, ...assignments: string[]): void;
  /** Makes the portal answer 401 for this token from now on. */
  revoke(accessToken: string): void;
  /** Puts every fault back to its default and zeroes the counters (grants and issued credentials stay). */
  reset(): void;
  close(): Promise<void>;
  /** SSO-OIDC logins: RegisterClient, StartDeviceAuthorization, device-code CreateToken. */
  readonly login: FakeOidcLogin;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function secretLike(length: number, suffix = ""): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join("") + suffix;
}

function keyId(): string {
  return `ASIA${Array.from(randomBytes(16), (byte) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[byte % 32]).join("")}`;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  errorType?: string,
): void {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (errorType !== undefined) headers["x-amzn-errortype"] = errorType;
  response.writeHead(status, headers).end(JSON.stringify(body));
}

function portalError(
  response: ServerResponse,
  status: number,
  type: string,
  message: string,
): void {
  sendJson(response, status, { __type: type, message }, type);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const DEFAULT_BEHAVIOUR: FakeBehaviour = {
  latencyMs: 0,
  throttleNext: 0,
  failNext: 0,
  failStatus: 500,
  hang: false,
  malformed: false,
  credentialLifetimeMs: 3_600_000,
  tokenLifetimeSeconds: 28_800,
  rotateRefreshTokens: true,
  pageSize: 2,
  throttleSkip: 0,
  rateLimit: undefined,
};

interface RefreshGrantRecord {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly assignments: readonly string[];
  spent: boolean;
}

function freshCounters(): FakeCounters {
  return {
    portalRequests: 0,
    maxInFlight: 0,
    inFlight: 0,
    stsCalls: 0,
    stsRejected: 0,
    byRole: new Map(),
    createTokenCalls: 0,
    createTokenRejected: 0,
    listAccountsPages: 0,
    listRolesPages: 0,
    assumeRoleCalls: 0,
    rateLimited: 0,
  };
}

/**
 * The portal's rate limit: a bucket that starts full, refills continuously and admits a request
 * when it holds a whole token; a refused request takes none. A new `limit` object starts a new
 * bucket.
 */
function tokenBucket(): (limit: RateLimit | undefined) => boolean {
  let current: RateLimit | undefined;
  let tokens = 0;
  let last = 0;
  return (limit) => {
    if (limit === undefined) return true;
    const now = performance.now();
    if (limit !== current) {
      current = limit;
      tokens = limit.burst;
      last = now;
    }
    tokens = Math.min(limit.burst, tokens + ((now - last) / 1000) * limit.ratePerSecond);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/** What the portal answers when its rate limit refuses a request. */
function rateExceeded(response: ServerResponse, counters: FakeCounters): void {
  counters.rateLimited++;
  portalError(response, 429, "TooManyRequestsException", "Too many requests");
}

/** A server certificate and key (PEM) for serving HTTPS instead of HTTP. */
export interface FakeTls {
  readonly key: string;
  readonly cert: string;
  /** The host name the URL names (the certificate's); the server still listens on 127.0.0.1. */
  readonly host: string;
}

/** Starts the fake on 127.0.0.1 with an OS-chosen port (HTTPS with `tls`). */
export async function startFakeAws(
  initial: Partial<FakeBehaviour> = {},
  tls?: FakeTls,
): Promise<FakeAws> {
  const behaviour: FakeBehaviour = { ...DEFAULT_BEHAVIOUR, ...initial };
  const counters = freshCounters();
  const refreshGrants = new Map<string, RefreshGrantRecord>();
  const grants = new Map<string, Set<string>>();
  let baseUrl = "";
  const login = fakeOidcLogin(
    (accessToken, ...assignments) => grants.set(accessToken, new Set(assignments)),
    (refresh, client, ...assignments) =>
      refreshGrants.set(refresh, { ...client, assignments, spent: false }),
    () => baseUrl,
  );
  const revoked = new Set<string>();
  const issued = new Map<string, IssuedCredentials>();
  const admit = tokenBucket();

  const portal = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    counters.portalRequests++;
    counters.inFlight++;
    counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
    response.on("close", () => {
      counters.inFlight--;
    });
    if (behaviour.hang) return;
    // The bucket is asked on arrival; a refused request still takes the latency to answer.
    const admitted = admit(behaviour.rateLimit);
    if (behaviour.latencyMs > 0)
      await new Promise((resolve) => setTimeout(resolve, behaviour.latencyMs));
    if (!admitted) return rateExceeded(response, counters);
    const accountId = url.searchParams.get("account_id") ?? "";
    const roleName = url.searchParams.get("role_name") ?? "";
    const roleKey = `${accountId}/${roleName}`;
    counters.byRole.set(roleKey, (counters.byRole.get(roleKey) ?? 0) + 1);
    if (behaviour.throttleSkip > 0) behaviour.throttleSkip--;
    else if (behaviour.throttleNext > 0) {
      behaviour.throttleNext--;
      return portalError(response, 429, "TooManyRequestsException", "Rate exceeded");
    }
    if (behaviour.failNext > 0) {
      behaviour.failNext--;
      return portalError(
        response,
        behaviour.failStatus,
        "InternalServerException",
        "Internal failure",
      );
    }
    if (behaviour.malformed)
      return response.writeHead(200, { "content-type": "application/json" }).end("{not json");
    const token = String(request.headers["x-amz-sso_bearer_token"] ?? "");
    const allowed = grants.get(token);
    if (allowed === undefined || revoked.has(token))
      return portalError(
        response,
        401,
        "UnauthorizedException",
        "Session token not found or invalid",
      );
    const fault = faults.get(roleKey);
    if (fault !== undefined) return roleFault(response, fault);
    if (url.pathname === "/assignment/accounts") return listAccounts(response, url, allowed);
    if (url.pathname === "/assignment/roles") return listRoles(response, url, allowed);
    if (!allowed.has(roleKey)) return portalError(response, 403, "ForbiddenException", "No access");
    const credentials: IssuedCredentials = {
      accessKeyId: keyId(),
      secretAccessKey: secretLike(40),
      sessionToken: secretLike(300, "=="),
      expiration: Date.now() + behaviour.credentialLifetimeMs,
      accountId,
      roleName,
    };
    issued.set(credentials.accessKeyId, credentials);
    const { accountId: _a, roleName: _r, ...roleCredentials } = credentials;
    sendJson(response, 200, { roleCredentials });
  };

  const faults = new Map<string, RoleFault>();
  const roleFault = (response: ServerResponse, fault: RoleFault) => {
    if (fault === "hang") return;
    if (fault === "malformed")
      return response.writeHead(200, { "content-type": "application/json" }).end("{not json");
    if (fault === "forbidden") return portalError(response, 403, "ForbiddenException", "No access");
    if (fault === "throttle")
      return portalError(response, 429, "TooManyRequestsException", "Rate exceeded");
    return portalError(response, 503, "ServiceUnavailableException", "Unavailable");
  };
  const accountNames = new Map<string, { name: string; email: string }>();
  const page = <T>(items: T[], url: URL): { items: T[]; next?: string } => {
    const start = Number(url.searchParams.get("next_token") ?? "0");
    const end = start + behaviour.pageSize;
    return end < items.length
      ? { items: items.slice(start, end), next: String(end) }
      : { items: items.slice(start) };
  };
  const listAccounts = (response: ServerResponse, url: URL, allowed: Set<string>) => {
    counters.listAccountsPages++;
    const ids = [...new Set([...allowed].map((pair) => pair.split("/")[0] ?? ""))].sort();
    const { items, next } = page(ids, url);
    const accountList = items.map((accountId) => ({
      accountId,
      accountName: accountNames.get(accountId)?.name ?? `account-${accountId}`,
      emailAddress: accountNames.get(accountId)?.email ?? `${accountId}@example.com`,
    }));
    sendJson(
      response,
      200,
      next === undefined ? { accountList } : { accountList, nextToken: next },
    );
  };
  const listRoles = (response: ServerResponse, url: URL, allowed: Set<string>) => {
    counters.listRolesPages++;
    const accountId = url.searchParams.get("account_id") ?? "";
    const roles = [...allowed]
      .filter((pair) => pair.startsWith(`${accountId}/`))
      .map((pair) => pair.slice(accountId.length + 1))
      .sort();
    const { items, next } = page(roles, url);
    const roleList = items.map((roleName) => ({ roleName, accountId }));
    sendJson(response, 200, next === undefined ? { roleList } : { roleList, nextToken: next });
  };

  // SSO-OIDC CreateToken (grant_type refresh_token); a refresh token is spent by its first use.
  const createToken = async (request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.parse((await readBody(request)).toString("utf8") || "{}") as Record<
      string,
      unknown
    >;
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    if (login.handle(path, body, response)) return;
    counters.createTokenCalls++;
    if (behaviour.latencyMs > 0)
      await new Promise((resolve) => setTimeout(resolve, behaviour.latencyMs));
    const record = refreshGrants.get(String(body.refreshToken));
    const reject = (type: string, error: string) => {
      counters.createTokenRejected++;
      const payload = { __type: type, error, error_description: `${type} (fake)` };
      sendJson(response, 400, payload, type);
    };
    if (body.grantType !== "refresh_token")
      return reject("UnsupportedGrantTypeException", "unsupported_grant_type");
    if (
      record === undefined ||
      record.clientId !== body.clientId ||
      record.clientSecret !== body.clientSecret
    )
      return reject("InvalidClientException", "invalid_client");
    if (record.spent) return reject("InvalidGrantException", "invalid_grant");
    const accessToken = `at-${secretLike(24)}`;
    grants.set(accessToken, new Set(record.assignments));
    const answer: Record<string, unknown> = {
      accessToken,
      tokenType: "Bearer",
      expiresIn: behaviour.tokenLifetimeSeconds,
    };
    if (behaviour.rotateRefreshTokens) {
      record.spent = true;
      const next = `rt-${secretLike(24)}`;
      refreshGrants.set(next, { ...record, spent: false });
      answer.refreshToken = next;
    }
    sendJson(response, 200, answer);
  };

  const trusts = new Map<string, RoleTrust>();
  const assumed: AssumedRole[] = [];
  const stsAccepted: StsCall[] = [];
  const assumeRole = (
    response: ServerResponse,
    form: URLSearchParams,
    caller: IssuedCredentials,
    reject: (code: string, status?: number) => void,
  ) => {
    const roleArn = form.get("RoleArn") ?? "";
    const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    if (match === null) return reject("ValidationError", 400);
    const trust = trusts.get(roleArn) ?? {};
    if (trust.externalId !== undefined && form.get("ExternalId") !== trust.externalId)
      return reject("AccessDenied");
    if (
      trust.mfa !== undefined &&
      (form.get("SerialNumber") !== trust.mfa.serial || form.get("TokenCode") !== trust.mfa.code)
    )
      return reject("AccessDenied");
    const duration = form.get("DurationSeconds");
    // Role chaining (and SSO role credentials are a role session) is limited to one hour.
    if (duration !== null && Number(duration) > 3600) return reject("ValidationError", 400);
    counters.assumeRoleCalls++;
    const sessionName = form.get("RoleSessionName") ?? "";
    assumed.push({
      roleArn,
      sessionName,
      ...(form.get("ExternalId") === null ? {} : { externalId: form.get("ExternalId") ?? "" }),
      ...(duration === null ? {} : { durationSeconds: Number(duration) }),
      callerAccountId: caller.accountId,
      callerRoleName: caller.roleName,
    });
    const credentials: IssuedCredentials = {
      accessKeyId: keyId(),
      secretAccessKey: secretLike(40),
      sessionToken: secretLike(300, "=="),
      expiration:
        Date.now() +
        Math.min(Number(duration ?? 3600) * 1000, 3_600_000, behaviour.credentialLifetimeMs),
      accountId: match[1] ?? "",
      roleName: match[2] ?? "",
      sessionName,
    };
    issued.set(credentials.accessKeyId, credentials);
    const expiration = new Date(credentials.expiration).toISOString();
    response
      .writeHead(200, { "content-type": "text/xml" })
      .end(
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey><SessionToken>${credentials.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${credentials.accountId}:assumed-role/${credentials.roleName}/${sessionName}</Arn><AssumedRoleId>AROAFAKE:${sessionName}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
  };

  const sts = async (request: IncomingMessage, response: ServerResponse) => {
    counters.stsCalls++;
    const body = await readBody(request);
    const reject = (code: string, status = 403) => {
      counters.stsRejected++;
      response
        .writeHead(status, { "content-type": "text/xml" })
        .end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
        );
    };
    const auth = parseAuthorization(request.headers.authorization);
    const credentials = auth === undefined ? undefined : issued.get(auth.accessKeyId);
    if (auth === undefined || credentials === undefined) return reject("InvalidClientTokenId");
    if (request.headers["x-amz-security-token"] !== credentials.sessionToken)
      return reject("InvalidClientTokenId");
    const signed = {
      method: request.method ?? "",
      url: request.url ?? "/",
      headers: request.headers,
      body,
    };
    if (!verifySigV4(signed, auth, credentials.secretAccessKey))
      return reject("SignatureDoesNotMatch");
    // STS refuses a request signed with credentials past their expiration.
    if (Date.now() >= credentials.expiration) return reject("ExpiredToken", 400);
    const form = new URLSearchParams(body.toString("utf8"));
    stsAccepted.push({
      accessKeyId: credentials.accessKeyId,
      action: form.get("Action") ?? "",
      userAgent: String(request.headers["user-agent"] ?? ""),
      at: Date.now(),
    });
    if (form.get("Action") === "AssumeRole") return assumeRole(response, form, credentials, reject);
    const arn = `arn:aws:sts::${credentials.accountId}:assumed-role/${credentials.roleName}/${credentials.sessionName ?? "sso-sync"}`;
    response
      .writeHead(200, { "content-type": "text/xml" })
      .end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROAFAKE:sso-sync</UserId><Account>${credentials.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
  };

  // Portal Logout: the token is revoked for every later call, as the real portal does.
  const logout = (request: IncomingMessage, response: ServerResponse) => {
    const token = String(request.headers["x-amz-sso_bearer_token"] ?? "");
    login.counters.logouts.push(token);
    revoked.add(token);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
    return Promise.resolve();
  };

  const route = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (request.method === "POST" && url.pathname === "/logout") {
      void logout(request, response);
      return;
    }
    if (request.method === "GET" && url.pathname === "/authorize") {
      login.authorize(url, response);
      return;
    }
    if (request.method === "GET" && url.pathname === "/device") {
      login.approveDevice(url, response);
      return;
    }
    const handler =
      request.method === "GET" &&
      ["/federation/credentials", "/assignment/accounts", "/assignment/roles"].includes(
        url.pathname,
      )
        ? portal(request, response, url)
        : request.method === "POST" && url.pathname === "/"
          ? sts(request, response)
          : request.method === "POST" &&
              ["/token", "/client/register", "/device_authorization"].includes(url.pathname)
            ? createToken(request, response)
            : Promise.resolve(portalError(response, 404, "NotFound", "no such route"));
    handler.catch(() => response.destroy());
  };
  const server =
    tls === undefined
      ? createServer(route)
      : createTlsServer({ key: tls.key, cert: tls.cert }, route);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = tls === undefined ? `http://127.0.0.1:${port}` : `https://${tls.host}:${port}`;
  return {
    url: baseUrl,
    behaviour,
    counters,
    issued,
    grant(accessToken, ...assignments) {
      const set = grants.get(accessToken) ?? new Set<string>();
      for (const assignment of assignments) set.add(assignment);
      grants.set(accessToken, set);
    },
    allowRefresh(refreshToken, client, ...assignments) {
      refreshGrants.set(refreshToken, { ...client, assignments, spent: false });
    },
    faults,
    describeAccount(accountId, name, email) {
      accountNames.set(accountId, { name, email });
    },
    trust(roleArn, trust) {
      trusts.set(roleArn, trust);
    },
    assumed,
    stsAccepted,
    ungrant(accessToken, ...assignments) {
      for (const assignment of assignments) grants.get(accessToken)?.delete(assignment);
    },
    revoke(accessToken) {
      revoked.add(accessToken);
    },
    login,
    reset() {
      login.reset();
      Object.assign(behaviour, DEFAULT_BEHAVIOUR);
      Object.assign(counters, { ...freshCounters(), inFlight: counters.inFlight });
      assumed.length = 0;
      stsAccepted.length = 0;
      faults.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
