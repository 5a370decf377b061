import { ExitCode } from "../../model/exit-code.js";
import { ok, type Result } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import { exitCodeFor } from "../../model/sync-result.js";
import { loginForReport } from "../login/login-for-report.js";
import { printSyncReport } from "../sync/print-report.js";
import { credentialVariables, type EnvFormat, formatEnv, processJson } from "./env-format.js";
import {
  type ServedCredentials,
  type ServeOptions,
  serveCredentials,
} from "./serve-credentials.js";

/** One profile's credentials as environment variables, ready for a format or a child. */
export interface ServedVariables {
  readonly variables: ReadonlyArray<readonly [string, string]>;
  readonly processJson: string;
}

/**
 * One profile's credentials, or the exit code of what was shown on stderr instead: the sync
 * report (exitCodeFor decides it) or the interrupted login (its Failure's code).
 */
export type ServedOnce = ServedCredentials | number;

/** Syncs one profile like `sync` would (logging in first with --login); says why not on stderr. */
export async function serveOnce(
  options: ServeOptions,
  context: CommandContext,
): Promise<ServedOnce> {
  let served = await serveCredentials(options, context);
  if (
    served.state === "reported" &&
    options.login === true &&
    exitCodeFor(served.report) === ExitCode.loginNeeded
  ) {
    const login = await loginForReport(served.report, context);
    if (typeof login === "object") return login.code;
    if (login === "logged-in") served = await serveCredentials(options, context);
  }
  if (served.state === "reported") {
    // stdout stays empty: SDKs parse credential_process output, shells eval env output.
    const style = { json: false, quiet: true };
    await printSyncReport(served.report, style, context.console, context.now());
    return exitCodeFor(served.report);
  }
  return served;
}

/** Syncs one profile like `sync` would and returns its variables, or the exit code for why not. */
export async function serveVariables(
  options: ServeOptions,
  context: CommandContext,
): Promise<ServedVariables | number> {
  const served = await serveOnce(options, context);
  if (typeof served === "number") return served;
  return {
    variables: credentialVariables(served.credentials, served.profileName, served.region),
    processJson: processJson(served.credentials),
  };
}

/** `env`: prints the variables for the shell (or JSON) on stdout. */
export async function envAction(
  options: ServeOptions & { readonly format: EnvFormat },
  context: CommandContext,
): Promise<Result<number>> {
  const served = await serveVariables(options, context);
  if (typeof served === "number") return ok(served);
  context.console.out(
    options.format === "json" ? served.processJson : formatEnv(served.variables, options.format),
  );
  return ok(ExitCode.ok);
}

/** `process`: prints credential_process JSON on stdout. */
export async function processAction(
  options: ServeOptions,
  context: CommandContext,
): Promise<Result<number>> {
  const served = await serveVariables(options, context);
  if (typeof served === "number") return ok(served);
  context.console.out(served.processJson);
  return ok(ExitCode.ok);
}
