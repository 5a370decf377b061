import { DEFAULTS } from "../../model/defaults.js";
import { parseDuration } from "../../model/duration.js";
import type { CommandContext } from "../../model/run-context.js";
import type { LoginOptions } from "./login-command.js";

/** `login` as typed: the login, then (unless --no-sync) a sync of the profiles it serves. */
export interface LoginActionOptions extends LoginOptions {
  readonly sync: boolean;
}

/** Logs in (browser or device code), says so, and syncs that session's profiles; returns the exit code. */
export async function loginAction(
  options: LoginActionOptions,
  context: CommandContext,
): Promise<number> {
  const { runLogin } = await import("./login-command.js");
  const outcome = await runLogin(options, context);
  if (!outcome.ok) {
    context.console.err(`sso-sync: ${outcome.message}\n`);
    return outcome.code;
  }
  context.console.err(
    outcome.reused
      ? `sso-sync: ${outcome.label} is logged in already (its token is valid for 15 minutes or more)\n`
      : `sso-sync: logged in to ${outcome.label}\n`,
  );
  if (!options.sync || outcome.profiles.length === 0) return 0;
  const { syncAction } = await import("../sync/sync-action.js");
  return syncAction(
    {
      profiles: outcome.profiles,
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
