import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { NetworkSettings } from "../../io/aws/http-handler.js";
import { oidcFailureWords } from "../../io/aws/oidc-failure.js";
import { oidcClient } from "../../io/aws/oidc-login.js";
import { LockBusyError, LockWaitAbortedError, withFileLock } from "../../io/files/file-lock.js";
import { describeFsError } from "../../io/files/fs-error.js";
import type { AwsConfig } from "../../model/aws-config.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { loggedInTokenText, type RegistrationKey } from "../../model/login-cache.js";
import { chooseLoginFlow, type LoginFlow } from "../../model/login-flow.js";
import { oidcEndpoint } from "../../model/oidc-endpoint.js";
import {
  configFailure,
  failed,
  failureText,
  loginFailure,
  ok,
  profileFailure,
  type Result,
  writeFailure,
} from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import { tokenCacheFileName } from "../../model/token-file-name.js";
import { type ListingSource, listingSource } from "../shared/listing-source.js";
import { loadConfig } from "../shared/load-config.js";
import { networkForChoice } from "../shared/network-for.js";
import { deviceFlow } from "./device-flow.js";
import { type FlowResult, INTERRUPTED } from "./login-flow-input.js";
import { pkceFlow } from "./pkce-flow.js";
import { currentToken, freshFor, saveLoginToken } from "./save-token.js";

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

/** The session logged in to and the profiles its new token serves. */
export interface LoggedIn {
  readonly label: string;
  readonly profiles: readonly string[];
  /** The session already had a token valid for 15 minutes (another run just logged in). */
  readonly reused: boolean;
}

/** The login, or why there is no token (one line, and its code). */
export type LoginOutcome = Result<LoggedIn>;

/** Nothing to log in to, as the config says (exit 2: the config, not the command line). */
const cannotStart = (message: string): LoginOutcome => failed(configFailure(message));

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
  if (!outcome.ok) context.console.err(`sso-sync: ${failureText(outcome.failure)}\n`);
  else if (outcome.value.reused)
    context.console.err(
      `sso-sync: ${outcome.value.label} is logged in already (its token is valid for 15 minutes or more)\n`,
    );
  else context.console.err(`sso-sync: logged in to ${outcome.value.label}\n`);
}

/** Logs in through SSO-OIDC (PKCE or device code) and writes the token cache as the AWS CLI does. */
export async function runLogin(
  options: LoginOptions,
  context: CommandContext,
): Promise<LoginOutcome> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const loaded = await loadConfig(paths.configFile);
  // A config root may not read for its owner is exit 2 here too (login has always said so).
  if (!loaded.ok) return cannotStart(loaded.failure.message);
  const { config, sso } = loaded.value;
  const choice = listingSource(config, sso.profiles, paths.ssoCacheDir, options);
  if (!choice.ok) return choice;
  const source = choice.value;
  const key = loginKey(source, config);
  const problem = keyProblem(key, source.label);
  if (problem !== undefined) return cannotStart(problem);
  const chosen = await networkForChoice(options, config, sso.profiles, context.env);
  if (!chosen.ok) return chosen;
  const profiles = sso.profiles
    .filter((profile) => profile.tokenKey === source.request.tokenKey)
    .map((profile) => profile.name);
  await mkdir(paths.ssoCacheDir, { recursive: true, mode: 0o700 });
  const tokenPath = join(paths.ssoCacheDir, tokenCacheFileName(source.request.tokenKey));
  const login = { source, key, tokenPath, options, context, network: chosen.value };
  const done = await interruptible(context, (signal) => lockedLogin(login, signal));
  return done.ok ? ok({ label: source.label, profiles, reused: done.value }) : done;
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

/** Whether the token was another run's (reused), or why there is none. */
type LockedOutcome = Result<boolean>;

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
    (assertHeld) => loginUnderLock(login, deadline, signal, assertHeld),
    waitNotice,
    signal,
  ).catch((error: unknown): LockedOutcome => {
    if (error instanceof LockWaitAbortedError) return INTERRUPTED;
    if (!(error instanceof LockBusyError)) throw error;
    // Busy without a wait: a file, not a lock, is in the way; its message says what to do.
    if (!waited) return failed(writeFailure(error.message));
    return failed(
      loginFailure(
        `another sso-sync login of ${source.label} was still waiting for its sign-in after --timeout; finish that one, or run sso-sync login again`,
      ),
    );
  });
}

async function loginUnderLock(
  login: Login,
  deadline: number,
  signal: AbortSignal,
  assertHeld: () => void,
): Promise<LockedOutcome> {
  const { source, key, tokenPath, options, context } = login;
  const isSession = source.request.isSession;
  const judge = (version: Parameters<typeof freshFor>[0]) =>
    freshFor(version, key, context.now(), isSession);
  const before = await currentToken(tokenPath);
  if (judge(before)) return ok(true);
  const flow = chooseLoginFlow({
    isSession,
    useDeviceCode: options.useDeviceCode ?? false,
    noBrowser: options.noBrowser ?? false,
    env: context.env,
    platform: context.platform,
  });
  const result = await runFlow(login, flow, deadline, signal);
  if (!result.ok) return result;
  // Ctrl-C after the token came back: the person asked to stop, so nothing is written.
  if (signal.aborted) return INTERRUPTED;
  const { registration, accessToken, expiresAt, refreshToken } = result.value;
  const token = {
    startUrl: key.startUrl,
    region: key.region,
    registration,
    accessToken,
    expiresAt,
  };
  const refresh = refreshToken === undefined ? {} : { refreshToken };
  const text = loggedInTokenText({ ...token, ...refresh });
  try {
    const saved = await saveLoginToken(tokenPath, text, before?.identity, judge, assertHeld);
    return ok(saved === "kept");
  } catch (error) {
    return failed(
      writeFailure(
        `cannot write ${tokenPath}: ${describeFsError(error)}; the sign-in was not saved`,
      ),
    );
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
  const client = await oidcClient(key.region, {
    deadline,
    network: login.network,
    ...waitingNotice(context, key.region),
  });
  const input = { client, key, source, deadline, signal, openBrowser: flow.openBrowser, context };
  try {
    if (flow.kind === "device") {
      return await deviceFlow(input);
    }
    return await pkceFlow(input, options.callbackPort ?? 0);
  } catch (error) {
    // Ctrl-C aborted a request to SSO-OIDC (a stalled network, say): that is no failure to report.
    if (signal.aborted) return INTERRUPTED;
    const detail = oidcFailureWords(error, key.region, options.timeoutSeconds, login.network);
    return failed(profileFailure(`cannot log in to ${source.label}: ${detail}`));
  } finally {
    client.destroy();
  }
}
