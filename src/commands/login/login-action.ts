import { resolveAwsPaths } from "../../model/aws-paths.js";
import { DEFAULTS } from "../../model/defaults.js";
import { parseDuration } from "../../model/duration.js";
import { ExitCode } from "../../model/exit-code.js";
import type { Failure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import { loadConfig } from "../shared/load-config.js";
import { syncAction } from "../sync/sync-action.js";
import type { LoginOptions } from "./login-command.js";
import { runLogin, sayLoginOutcome } from "./login-command.js";

/** `login` as typed: the login, then (unless --no-sync) a sync of the profiles it serves. */
export interface LoginActionOptions extends LoginOptions {
  readonly sync: boolean;
}

type Wanted = { readonly session?: string; readonly profile?: string };

/**
 * What to log in to: the session or profile named, else the only session, else every session
 * (and legacy start URL) the config's SSO profiles use, one after another.
 */
async function loginsWanted(options: LoginOptions, context: CommandContext): Promise<Wanted[]> {
  if (options.session !== undefined || options.profile !== undefined) return [options];
  const paths = resolveAwsPaths(context.env, context.osHome);
  const loaded = await loadConfig(paths.configFile);
  if (!loaded.ok) return [{}];
  const firstProfile = new Map<string, string>();
  for (const profile of loaded.value.sso.profiles)
    if (!firstProfile.has(profile.tokenKey)) firstProfile.set(profile.tokenKey, profile.name);
  // One token (or none): the single-source rules apply, sessions without profiles included.
  if (firstProfile.size <= 1) return [{}];
  return [...firstProfile.values()].map((profile) => ({ profile }));
}

/**
 * Logs in (browser or device code) to each session wanted, says so, and syncs their profiles.
 * One line per login (a failed one does not stop the next): the exit code is the first failed
 * login's, else the sync's.
 */
export async function loginAction(
  options: LoginActionOptions,
  context: CommandContext,
): Promise<number> {
  const profiles: string[] = [];
  let failure: Failure | undefined;
  for (const wanted of await loginsWanted(options, context)) {
    const { session: _s, profile: _p, ...rest } = options;
    const outcome = await runLogin({ ...rest, ...wanted }, context);
    sayLoginOutcome(outcome, context);
    if (outcome.ok) profiles.push(...outcome.value.profiles);
    else failure ??= outcome.failure;
    // Ctrl-C means stop, not "go on with the next session".
    if (!outcome.ok && outcome.failure.kind === "interrupted") return outcome.failure.code;
  }
  const synced =
    options.sync && profiles.length > 0 ? await syncProfiles(profiles, context) : ExitCode.ok;
  return failure?.code ?? synced;
}

/** The sync `login` (and `setup`) runs afterwards: the sessions' profiles, default settings. */
export async function syncProfiles(
  profiles: readonly string[],
  context: CommandContext,
): Promise<number> {
  return syncAction(
    {
      profiles: [...profiles],
      concurrency: DEFAULTS.concurrency,
      timeoutSeconds: DEFAULTS.timeoutSeconds,
      lockTimeoutSeconds: DEFAULTS.lockTimeoutSeconds,
      minValidityMs: parseDuration(DEFAULTS.minValidity) ?? 15 * 60_000,
      force: false,
      takeOver: false,
      dryRun: false,
      json: false,
      quiet: false,
      login: false,
      notify: false,
      cleanExpired: false,
    },
    context,
  );
}
