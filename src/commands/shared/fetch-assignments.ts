import { listAssignments } from "../../io/aws/account-listing.js";
import { obtainToken } from "../../io/files/token-cache.js";
import type { AccountAssignments } from "../../model/assignments.js";
import type { AwsConfig } from "../../model/aws-config.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import type { SsoProfiles } from "../../model/profile-types.js";
import { failed, loginFailure, ok, profileFailure, type Result } from "../../model/result.js";
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

/** The listing and what it was listed from. */
export interface Assignments {
  readonly configFile: string;
  readonly configText: string;
  readonly config: AwsConfig;
  readonly sso: SsoProfiles;
  readonly source: ListingSource;
  readonly accounts: readonly AccountAssignments[];
}

/** Reads the config, obtains (refreshing if needed) the session's token, and lists every assignment. */
export async function fetchAssignments(
  options: AssignmentOptions,
  context: RunContext,
): Promise<Result<Assignments>> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const loaded = await loadConfig(paths.configFile);
  if (!loaded.ok) return loaded;
  const { config, sso } = loaded.value;
  const choice = listingSource(config, sso.profiles, paths.ssoCacheDir, options);
  if (!choice.ok) return choice;
  const source = choice.value;
  const chosen = await networkForChoice(options, config, sso.profiles, context.env);
  if (!chosen.ok) return chosen;
  const network = chosen.value;
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
  if (token.state === "unusable") {
    const why = describeTokenProblem(token.problem, token.detail);
    return failed(
      loginFailure(`login needed for ${source.label}: ${why}; run: ${source.loginCommand}`),
    );
  }
  const listed = await listAssignments(source.request.ssoRegion, token.token.accessToken, {
    ...options,
    env: context.env,
    pacer,
    network,
  });
  if (!listed.ok) {
    const message = `cannot list the accounts of ${source.label}: ${listed.failure.message}`;
    return failed(
      listed.failure.kind === "login"
        ? loginFailure(`${message}; run: ${source.loginCommand}`)
        : profileFailure(message),
    );
  }
  return ok({
    configFile: paths.configFile,
    configText: loaded.value.text,
    config,
    sso,
    source,
    accounts: listed.value,
  });
}
