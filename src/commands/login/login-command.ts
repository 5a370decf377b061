import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { writeFileAtomic } from "../../io/files/atomic-write.js";
import { withFileLock } from "../../io/files/file-lock.js";
import { readRegularFile } from "../../io/files/regular-file.js";
import { readTokenAssessment } from "../../io/files/token-cache.js";
import type { AwsConfig } from "../../model/aws-config.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { ExitCode } from "../../model/exit-code.js";
import {
  loggedInTokenText,
  type Registration,
  type RegistrationKey,
  registrationCacheFileName,
  registrationCacheText,
  reusableRegistration,
} from "../../model/login-cache.js";
import type { CommandContext } from "../../model/run-context.js";
import { tokenCacheFileName } from "../../model/token-file-name.js";
import { type ListingSource, listingSource } from "../shared/listing-source.js";
import { loadConfig } from "../shared/load-config.js";

/** What `login` was asked for. */
export interface LoginOptions {
  readonly session?: string;
  readonly profile?: string;
  /** The whole login, waiting for another run's login included, ends within this long. */
  readonly timeoutSeconds: number;
}

/** The profiles the new token serves, or why there is no token (one line and the exit code). */
export type LoginOutcome =
  | {
      readonly ok: true;
      readonly label: string;
      readonly profiles: readonly string[];
      /** The session already had a token valid for 15 minutes (another run just logged in). */
      readonly reused: boolean;
    }
  | { readonly ok: false; readonly code: number; readonly message: string };

// sso_registration_scopes unset on a session: the CLI's default, which gets a refresh token.
const DEFAULT_SCOPES = ["sso:account:access"];
// A token another run just wrote is used when it is valid for longer than botocore's refresh window.
const FRESH_MS = 15 * 60_000;
const SLOW_DOWN_SECONDS = 5;

const failed = (code: number, message: string): LoginOutcome => ({ ok: false, code, message });

/** What to log in to: the start URL, region, scopes and session of the chosen source. */
function loginKey(source: ListingSource, config: AwsConfig): RegistrationKey {
  const { tokenKey, isSession, ssoRegion } = source.request;
  if (!isSession) return { startUrl: tokenKey, region: ssoRegion, scopes: null, sessionName: null };
  const values = config.ssoSessions.get(tokenKey)?.values;
  const listed = (values?.get("sso_registration_scopes") ?? "")
    .split(",")
    .map((scope) => scope.trim())
    .filter((scope) => scope !== "");
  return {
    startUrl: values?.get("sso_start_url") ?? "",
    region: ssoRegion,
    scopes: listed.length > 0 ? listed : DEFAULT_SCOPES,
    sessionName: tokenKey,
  };
}

/** Why a start URL or region cannot be used, checked before anything is sent or written. */
function keyProblem(key: RegistrationKey, label: string): string | undefined {
  if (!URL.canParse(key.startUrl) || !/^https?:/.test(key.startUrl))
    return `${label}: sso_start_url ${JSON.stringify(key.startUrl)} is not a URL`;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(key.region))
    return `${label}: sso_region ${JSON.stringify(key.region)} is not an AWS region`;
  return undefined;
}

/** Logs in through SSO-OIDC's device flow and writes the token cache as the AWS CLI does. */
export async function runLogin(
  options: LoginOptions,
  context: CommandContext,
): Promise<LoginOutcome> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const loaded = await loadConfig(paths.configFile);
  if (!loaded.ok) return failed(ExitCode.usage, loaded.message);
  const { config, sso } = loaded;
  const choice = listingSource(config, sso.profiles, paths.ssoCacheDir, options);
  if (!choice.ok) return failed(ExitCode.usage, choice.error);
  const { source } = choice;
  const key = loginKey(source, config);
  const problem = keyProblem(key, source.label);
  if (problem !== undefined) return failed(ExitCode.usage, problem);
  const profiles = sso.profiles
    .filter((profile) => profile.tokenKey === source.request.tokenKey)
    .map((profile) => profile.name);
  await mkdir(paths.ssoCacheDir, { recursive: true, mode: 0o700 });
  const tokenPath = join(paths.ssoCacheDir, tokenCacheFileName(source.request.tokenKey));
  const deadline = context.now().getTime() + options.timeoutSeconds * 1000;
  // One login per session at a time: a second caller waits and then uses the first one's token.
  const waitNotice = () =>
    context.console.err(`sso-sync: waiting for another sso-sync login of ${source.label}\n`);
  const done = await withFileLock(
    tokenPath,
    options.timeoutSeconds * 1000,
    () => loginUnderLock(source, key, tokenPath, deadline, context),
    waitNotice,
  );
  return done.ok ? { ok: true, label: source.label, profiles, reused: done.reused } : done;
}

async function loginUnderLock(
  source: ListingSource,
  key: RegistrationKey,
  tokenPath: string,
  deadline: number,
  context: CommandContext,
): Promise<{ ok: true; reused: boolean } | { ok: false; code: number; message: string }> {
  const now = context.now();
  const current = await readTokenAssessment(source.request, now);
  if (current.kind === "use" && current.token.expiresAt.getTime() - now.getTime() > FRESH_MS)
    return { ok: true, reused: true };
  const { oidcClient, registerClient, startDeviceAuthorization } = await import(
    "../../io/aws/oidc-login.js"
  );
  const client = oidcClient(key.region, 30);
  try {
    const registration = await registrationFor(client, key, source, context, registerClient);
    const authorization = await startDeviceAuthorization(client, registration, key.startUrl);
    const where = authorization.verificationUriComplete ?? authorization.verificationUri;
    context.console.err(
      `sso-sync: to sign in to ${source.label}, open ${where}\nsso-sync: and check that it shows the code ${authorization.userCode}\n`,
    );
    const polled = await pollUntilDone(client, registration, authorization, deadline, context);
    if (!polled.ok) return polled;
    const token = { startUrl: key.startUrl, region: key.region, registration, ...polled.token };
    await writeFileAtomic(tokenPath, loggedInTokenText(token));
    return { ok: true, reused: false };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      code: ExitCode.profileFailed,
      message: `cannot log in to ${source.label}: ${detail}`,
    };
  } finally {
    client.destroy();
  }
}

/** The cached registration when it is still good for 15 minutes, else a new one (cached). */
async function registrationFor(
  client: SSOOIDCClient,
  key: RegistrationKey,
  source: ListingSource,
  context: CommandContext,
  register: typeof import("../../io/aws/oidc-login.js").registerClient,
): Promise<Registration> {
  const path = join(source.request.cacheDir, registrationCacheFileName(key));
  const now = context.now();
  const cached = await readRegularFile(path, 1024 * 1024).then(
    (read) => reusableRegistration(read.bytes.toString("utf8"), now),
    () => undefined,
  );
  if (cached !== undefined) return cached;
  // The AWS CLI names the client after the session, or a timestamp for a legacy profile.
  const name = `botocore-client-${key.sessionName ?? Math.floor(now.getTime() / 1000)}`;
  const registration = await register(client, name, key.scopes, now);
  await writeFileAtomic(path, registrationCacheText(registration));
  return registration;
}

async function pollUntilDone(
  client: SSOOIDCClient,
  registration: Registration,
  authorization: import("../../io/aws/oidc-login.js").DeviceAuthorization,
  deadline: number,
  context: CommandContext,
) {
  const { pollDeviceToken } = await import("../../io/aws/oidc-login.js");
  let interval = authorization.intervalSeconds;
  const codeEnds = context.now().getTime() + authorization.expiresInSeconds * 1000;
  for (;;) {
    const poll = await pollDeviceToken(client, registration, authorization.deviceCode);
    if (poll.kind === "token") {
      const expiresAt = new Date(context.now().getTime() + poll.expiresInSeconds * 1000);
      const token = { accessToken: poll.accessToken, expiresAt };
      return {
        ok: true as const,
        token: poll.refreshToken ? { ...token, refreshToken: poll.refreshToken } : token,
      };
    }
    if (poll.kind === "denied")
      return {
        ok: false as const,
        code: ExitCode.loginNeeded,
        message: `the sign-in was not approved: ${poll.detail}; run sso-sync login again`,
      };
    if (poll.kind === "slow-down") interval += SLOW_DOWN_SECONDS;
    const now = context.now().getTime();
    if (poll.kind === "expired" || now >= codeEnds || now + interval * 1000 > deadline)
      return {
        ok: false as const,
        code: ExitCode.loginNeeded,
        message: "the sign-in was not completed in time; run sso-sync login again",
      };
    await sleep(interval * 1000);
  }
}
