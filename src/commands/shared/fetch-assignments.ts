import { listAssignments } from "../../io/aws/account-listing.js";
import { obtainToken } from "../../io/files/token-cache.js";
import type { AccountAssignments } from "../../model/assignments.js";
import type { AwsConfig } from "../../model/aws-config.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { ExitCode } from "../../model/exit-code.js";
import type { SsoProfiles } from "../../model/profile-types.js";
import type { RunContext } from "../../model/run-context.js";
import { describeTokenProblem } from "../../model/sso-token.js";
import { type ListingSource, listingSource } from "./listing-source.js";
import { loadConfig } from "./load-config.js";
import { networkForChoice } from "./network-for.js";
import { runPacer } from "./run-pacer.js";

/** Which session to list, and how patiently. */
export interface AssignmentOptions {
  readonly session?: string;
  readonly profile?: string;
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly lockTimeoutSeconds: number;
}

/** The listing and what it was listed from, or one line and the exit code for why not. */
export type Assignments =
  | {
      readonly ok: true;
      readonly configFile: string;
      readonly configText: string;
      readonly config: AwsConfig;
      readonly sso: SsoProfiles;
      readonly source: ListingSource;
      readonly accounts: readonly AccountAssignments[];
    }
  | { readonly ok: false; readonly code: number; readonly message: string };

/** Reads the config, obtains (refreshing if needed) the session's token, and lists every assignment. */
export async function fetchAssignments(
  options: AssignmentOptions,
  context: RunContext,
): Promise<Assignments> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const loaded = await loadConfig(paths.configFile);
  if (!loaded.ok) {
    const code = loaded.refused === true ? ExitCode.writeFailed : ExitCode.usage;
    return { ok: false, code, message: loaded.message };
  }
  const { config, sso } = loaded;
  const choice = listingSource(config, sso.profiles, paths.ssoCacheDir, options);
  if (!choice.ok) return { ok: false, code: ExitCode.usage, message: choice.error };
  const { source } = choice;
  const chosen = await networkForChoice(options, config, sso.profiles, context.env);
  if (!chosen.ok) return { ok: false, code: ExitCode.usage, message: chosen.message };
  const { network } = chosen;
  // One pacing for every AWS call of the run: the token refresh and the whole listing.
  const pacer = runPacer(options, context);
  const token = await obtainToken(source.request, {
    refresh: true,
    lockWaitMs: options.lockTimeoutSeconds * 1000,
    timeoutSeconds: options.timeoutSeconds,
    env: context.env,
    now: context.now,
    pacer,
    network,
    ...(context.onEvent === undefined ? {} : { onEvent: context.onEvent }),
  });
  if (!token.ok) {
    const why = describeTokenProblem(token.problem, token.detail);
    return {
      ok: false,
      code: ExitCode.loginNeeded,
      message: `login needed for ${source.label}: ${why}; run: ${source.loginCommand}`,
    };
  }
  const listed = await listAssignments(source.request.ssoRegion, token.token.accessToken, {
    ...options,
    env: context.env,
    pacer,
    network,
  });
  if (!listed.ok) {
    const code =
      listed.failure.kind === "login-needed" ? ExitCode.loginNeeded : ExitCode.profileFailed;
    const fix = code === ExitCode.loginNeeded ? `; run: ${source.loginCommand}` : "";
    return {
      ok: false,
      code,
      message: `cannot list the accounts of ${source.label}: ${listed.failure.message}${fix}`,
    };
  }
  return {
    ok: true,
    configFile: paths.configFile,
    configText: loaded.text,
    config,
    sso,
    source,
    accounts: listed.accounts,
  };
}
