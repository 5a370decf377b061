import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { NetworkSettings } from "../../io/aws/http-handler.js";
import { writeFileAtomic } from "../../io/files/atomic-write.js";
import { LockBusyError, LockWaitAbortedError, withFileLock } from "../../io/files/file-lock.js";
import { readTokenAssessment } from "../../io/files/token-cache.js";
import type { AwsConfig } from "../../model/aws-config.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { ExitCode } from "../../model/exit-code.js";
import { loggedInTokenText, type RegistrationKey } from "../../model/login-cache.js";
import { chooseLoginFlow, type LoginFlow } from "../../model/login-flow.js";
import { oidcEndpoint } from "../../model/oidc-endpoint.js";
import type { CommandContext } from "../../model/run-context.js";
import { tokenCacheFileName } from "../../model/token-file-name.js";
import { type ListingSource, listingSource } from "../shared/listing-source.js";
import { loadConfig } from "../shared/load-config.js";
import { networkForChoice } from "../shared/network-for.js";
import { type FlowResult, INTERRUPTED } from "./login-flow-input.js";

/** What `login` was asked for. */
export interface LoginOptions {
  readonly session?: string;
  readonly profile?: string;
  /** The whole login, waiting for another run's login included, ends within this long. */
  readonly timeoutSeconds: number;
  /** The device flow even for an sso-session (AWS CLI `--use-device-code`). */
  readonly useDeviceCode?: boolean;
  /** Print the address instead of opening a browser (over SSH). */
  readonly noBrowser?: boolean;
  /** A fixed callback port, for `ssh -L N:127.0.0.1:N`; 0 or absent: any free port. */
  readonly callbackPort?: number;
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

// A token another run just wrote is used when it is valid for longer than botocore's refresh window.
const FRESH_MS = 15 * 60_000;

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
    scopes: listed.length > 0 ? listed : null,
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

/** Says how one login went, on stderr (login and --login alike). */
export function sayLoginOutcome(outcome: LoginOutcome, context: CommandContext): void {
  if (!outcome.ok) context.console.err(`sso-sync: ${outcome.message}\n`);
  else if (outcome.reused)
    context.console.err(
      `sso-sync: ${outcome.label} is logged in already (its token is valid for 15 minutes or more)\n`,
    );
  else context.console.err(`sso-sync: logged in to ${outcome.label}\n`);
}

/** Logs in through SSO-OIDC (PKCE or device code) and writes the token cache as the AWS CLI does. */
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
  const chosen = await networkForChoice(options, config, sso.profiles, context.env);
  if (!chosen.ok) return failed(ExitCode.usage, chosen.message);
  const profiles = sso.profiles
    .filter((profile) => profile.tokenKey === source.request.tokenKey)
    .map((profile) => profile.name);
  await mkdir(paths.ssoCacheDir, { recursive: true, mode: 0o700 });
  const tokenPath = join(paths.ssoCacheDir, tokenCacheFileName(source.request.tokenKey));
  const login = { source, key, tokenPath, options, context, network: chosen.network };
  const done = await interruptible(context, (signal) => lockedLogin(login, signal));
  return done.ok ? { ok: true, label: source.label, profiles, reused: done.reused } : done;
}

/** Runs `work` with a signal that Ctrl-C aborts, so the login stops waiting and cleans up. */
async function interruptible<T>(
  context: CommandContext,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const stopListening = context.onInterrupt?.(() => controller.abort());
  try {
    return await work(controller.signal);
  } finally {
    stopListening?.();
  }
}

interface Login {
  readonly source: ListingSource;
  readonly key: RegistrationKey;
  readonly tokenPath: string;
  readonly options: LoginOptions;
  readonly context: CommandContext;
  readonly network: NetworkSettings;
}

type LockedOutcome =
  | { readonly ok: true; readonly reused: boolean }
  | { readonly ok: false; readonly code: number; readonly message: string };

/** One login per session at a time: a second caller waits, then uses the first one's token. */
function lockedLogin(login: Login, signal: AbortSignal): Promise<LockedOutcome> {
  const { context, options, source } = login;
  const deadline = context.now().getTime() + options.timeoutSeconds * 1000;
  let waited = false;
  const waitNotice = () => {
    waited = true;
    context.console.err(`sso-sync: waiting for another sso-sync login of ${source.label}\n`);
  };
  return withFileLock(
    login.tokenPath,
    options.timeoutSeconds * 1000,
    () => loginUnderLock(login, deadline, signal),
    waitNotice,
    signal,
  ).catch((error: unknown): LockedOutcome => {
    if (error instanceof LockWaitAbortedError) return INTERRUPTED;
    if (!(error instanceof LockBusyError)) throw error;
    // Busy without a wait: a file, not a lock, is in the way; its message says what to do.
    if (!waited) return { ok: false, code: ExitCode.writeFailed, message: error.message };
    return {
      ok: false,
      code: ExitCode.loginNeeded,
      message: `another sso-sync login of ${source.label} was still waiting for its sign-in after --timeout; finish that one, or run sso-sync login again`,
    };
  });
}

async function loginUnderLock(
  login: Login,
  deadline: number,
  signal: AbortSignal,
): Promise<LockedOutcome> {
  const { source, key, tokenPath, options, context } = login;
  const now = context.now();
  const current = await readTokenAssessment(source.request, now);
  if (
    current.kind === "use" &&
    current.token.expiresAt.getTime() - now.getTime() > FRESH_MS &&
    (await cachedFor(tokenPath, key))
  )
    return { ok: true, reused: true };
  const flow = chooseLoginFlow({
    isSession: source.request.isSession,
    useDeviceCode: options.useDeviceCode ?? false,
    noBrowser: options.noBrowser ?? false,
    env: context.env,
    platform: context.platform,
  });
  const result = await runFlow(login, flow, deadline, signal);
  if (!result.ok) return result;
  // Ctrl-C after the token came back: the person asked to stop, so nothing is written.
  if (signal.aborted) return INTERRUPTED;
  const { registration, accessToken, expiresAt } = result;
  const token = {
    startUrl: key.startUrl,
    region: key.region,
    registration,
    accessToken,
    expiresAt,
  };
  const refresh = result.refreshToken === undefined ? {} : { refreshToken: result.refreshToken };
  try {
    await writeFileAtomic(tokenPath, loggedInTokenText({ ...token, ...refresh }));
  } catch (error) {
    const { describeFsError } = await import("../../io/files/fs-error.js");
    return {
      ok: false,
      code: ExitCode.writeFailed,
      message: `cannot write ${tokenPath}: ${describeFsError(error)}; the sign-in was not saved`,
    };
  }
  return { ok: true, reused: false };
}

/** The cached token was got for this start URL and region (not before the config changed). */
async function cachedFor(tokenPath: string, key: RegistrationKey): Promise<boolean> {
  const { MAX_FILE_BYTES, readRegularFile } = await import("../../io/files/regular-file.js");
  try {
    const text = (await readRegularFile(tokenPath, MAX_FILE_BYTES)).bytes.toString("utf8");
    const data = JSON.parse(text) as { startUrl?: unknown; region?: unknown } | null;
    return data?.startUrl === key.startUrl && data?.region === key.region;
  } catch {
    return false;
  }
}

/** On a terminal, a request to SSO-OIDC still unanswered after a second is said, once. */
function waitingNotice(context: CommandContext, region: string): { onWaiting?: () => void } {
  if (!context.console.interactive) return {};
  let said = false;
  return {
    onWaiting: () => {
      if (said) return;
      said = true;
      context.console.err(
        `sso-sync: waiting for an answer from SSO-OIDC (${oidcEndpoint(region, context.env)})\n`,
      );
    },
  };
}

async function runFlow(
  login: Login,
  flow: LoginFlow,
  deadline: number,
  signal: AbortSignal,
): Promise<FlowResult> {
  const { source, key, options, context } = login;
  if (flow.kind === "device" && flow.why !== undefined)
    context.console.err(`sso-sync: ${flow.why}; using a device code instead\n`);
  const { oidcClient } = await import("../../io/aws/oidc-login.js");
  const client = oidcClient(key.region, {
    deadline,
    network: login.network,
    ...waitingNotice(context, key.region),
  });
  const input = { client, key, source, deadline, signal, openBrowser: flow.openBrowser, context };
  try {
    if (flow.kind === "device") {
      const { deviceFlow } = await import("./device-flow.js");
      return await deviceFlow(input);
    }
    const { pkceFlow } = await import("./pkce-flow.js");
    return await pkceFlow(input, options.callbackPort ?? 0);
  } catch (error) {
    // Ctrl-C aborted a request to SSO-OIDC (a stalled network, say): that is no failure to report.
    if (signal.aborted) return INTERRUPTED;
    const { oidcFailureWords } = await import("../../io/aws/oidc-failure.js");
    const detail = oidcFailureWords(error, key.region, options.timeoutSeconds, login.network);
    return {
      ok: false,
      code: ExitCode.profileFailed,
      message: `cannot log in to ${source.label}: ${detail}`,
    };
  } finally {
    client.destroy();
  }
}
