import { readConfigFile } from "../../io/files/config-file.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { DEFAULTS } from "../../model/defaults.js";
import { ExitCode } from "../../model/exit-code.js";
import { failed, ok, type Result } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import { syncProfiles } from "../login/login-action.js";
import { runLogin, sayLoginOutcome } from "../login/login-command.js";
import { printPopulate } from "../populate/populate-action.js";
import {
  type PopulateReport,
  type PopulateRequest,
  runPopulate,
} from "../populate/populate-command.js";
import { writeSession } from "./setup-session.js";
import { nextSteps, sessionLines } from "./setup-text.js";
import { gatherValues, type SetupValues } from "./setup-values.js";

/** `setup` as typed: the session's values (the missing ones are asked for) and populate's filters. */
export interface SetupOptions extends SetupValues {
  readonly template: string;
  readonly accounts: readonly string[];
  readonly roles: readonly string[];
}

/**
 * From a start URL to synced profiles: writes the [sso-session], logs in as `login` does, writes
 * one profile per account and role as `populate` does, syncs them as `sync` does, and says what
 * to run next. Run again, it changes nothing.
 */
export async function setupAction(
  options: SetupOptions,
  context: CommandContext,
): Promise<Result<number>> {
  const say = context.console.err;
  const { configFile } = resolveAwsPaths(context.env, context.osHome);
  const read = await readConfigFile(configFile);
  const gathered = await gatherValues(options, read.ok ? read.value : "", context);
  if (!gathered.ok) return gathered;
  const wanted = gathered.value;
  const session = await writeSession(configFile, wanted, DEFAULTS.lockTimeoutSeconds, context);
  if (!session.ok) return session;
  context.console.out(sessionLines(wanted.name, session.value));
  const login = await runLogin(
    { session: wanted.name, timeoutSeconds: DEFAULTS.loginTimeoutSeconds },
    context,
  );
  if (!login.ok) return login;
  sayLoginOutcome(login, context);
  const report = await runPopulate(populateRequest(options, wanted.name), context);
  if (report.error !== undefined) return failed(report.error);
  const populated = await printPopulate(report, { json: false, quiet: false }, context);
  const profiles = profilesToSync(report);
  const synced = profiles.length === 0 ? ExitCode.ok : await syncProfiles(profiles, context);
  const clashes = report.changes.filter((change) => change.kind === "clash").length;
  say(nextSteps(wanted.name, profiles, configFile, clashes));
  return ok(populated !== ExitCode.ok ? populated : synced);
}

/** populate for the new session with the filters given, every other setting its default. */
function populateRequest(options: SetupOptions, session: string): PopulateRequest {
  return {
    session,
    template: options.template,
    accounts: options.accounts,
    roles: options.roles,
    prune: false,
    duplicate: false,
    dryRun: false,
    concurrency: DEFAULTS.concurrency,
    timeoutSeconds: DEFAULTS.timeoutSeconds,
    lockTimeoutSeconds: DEFAULTS.lockTimeoutSeconds,
  };
}

/**
 * The profiles for the session's assignments: those populate wrote or found written, and the
 * hand-written ones it found already using an assignment (other hand-written profiles are not
 * setup's to sync: one that fails must not fail the setup).
 */
function profilesToSync(report: PopulateReport): string[] {
  const kinds = new Set(["add", "update", "keep", "covered"]);
  const names = report.changes.filter((change) => kinds.has(change.kind)).map((c) => c.profile);
  return [...new Set(names)];
}
