import { DEFAULTS } from "../../model/defaults.js";
import type { Failure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import { loginsNeeded, type SyncReport } from "../../model/sync-result.js";
import { runLogin, sayLoginOutcome } from "./login-command.js";

/**
 * What `--login` did: logged in to a session at least (worth syncing again), none, or the
 * interrupted login's Failure (Ctrl-C; already said on stderr, its code is the exit code).
 */
export type ReportLogin = "logged-in" | "none" | Failure;

/**
 * `--login`: logs in natively (sso-sync login) once per session the report needs, only with a
 * person at the terminal (never from cron, hooks or CI).
 */
export async function loginForReport(
  report: SyncReport,
  context: CommandContext,
): Promise<ReportLogin> {
  const say = context.console.err;
  if (!context.console.interactive) {
    say("sso-sync: --login needs an interactive terminal; not logging in\n");
    return "none";
  }
  let loggedIn = false;
  for (const [flag, name] of loginsNeeded(report)) {
    if (name === undefined) continue;
    say(`sso-sync: logging in: sso-sync login ${flag} ${name}\n`);
    const which = flag === "--sso-session" ? { session: name } : { profile: name };
    const outcome = await runLogin(
      { ...which, timeoutSeconds: DEFAULTS.loginTimeoutSeconds },
      context,
    );
    sayLoginOutcome(outcome, context);
    // Ctrl-C means stop: not "go on with the next session", nor sync again (exit 130).
    if (!outcome.ok && outcome.failure.kind === "interrupted") return outcome.failure;
    if (outcome.ok) loggedIn = true;
  }
  return loggedIn ? "logged-in" : "none";
}
