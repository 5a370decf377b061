import { ExitCode } from "../../model/exit-code.js";
import type { CommandContext } from "../../model/run-context.js";
import { exitCodeFor } from "../../model/sync-result.js";
import { printSyncReport } from "../sync/print-report.js";
import type { EnvFormat } from "./env-format.js";
import type { Served, ServeOptions } from "./serve-credentials.js";

/** One profile's credentials as environment variables, ready for a format or a child. */
export type ServedVariables =
  | {
      readonly ok: true;
      readonly variables: ReadonlyArray<readonly [string, string]>;
      readonly processJson: string;
    }
  | { readonly ok: false; readonly code: number };

/** One profile's credentials, or the exit code for why there are none (already said on stderr). */
export type ServedOnce =
  | { readonly ok: true; readonly served: Extract<Served, { ok: true }> }
  | { readonly ok: false; readonly code: number };

/** Syncs one profile like `sync` would (logging in first with --login); says why not on stderr. */
export async function serveOnce(
  options: ServeOptions,
  context: CommandContext,
): Promise<ServedOnce> {
  const { serveCredentials } = await import("./serve-credentials.js");
  let served = await serveCredentials(options, context);
  if (!served.ok && options.login === true && exitCodeFor(served.report) === ExitCode.loginNeeded) {
    const { loginForReport } = await import("../login/login-for-report.js");
    const login = await loginForReport(served.report, context);
    if (login === "interrupted") return { ok: false, code: ExitCode.interrupted };
    if (login === "logged-in") served = await serveCredentials(options, context);
  }
  if (!served.ok) {
    // stdout stays empty: SDKs parse credential_process output, shells eval env output.
    const style = { json: false, quiet: true };
    await printSyncReport(served.report, style, context.console, context.now());
    return { ok: false, code: exitCodeFor(served.report) };
  }
  return { ok: true, served };
}

/** Syncs one profile like `sync` would and returns its variables, or the exit code for why not. */
export async function serveVariables(
  options: ServeOptions,
  context: CommandContext,
): Promise<ServedVariables> {
  const once = await serveOnce(options, context);
  if (!once.ok) return once;
  const { served } = once;
  const { credentialVariables, processJson } = await import("./env-format.js");
  return {
    ok: true,
    variables: credentialVariables(served.credentials, served.profileName, served.region),
    processJson: processJson(served.credentials),
  };
}

/** `env`: prints the variables for the shell (or JSON) on stdout. */
export async function envAction(
  options: ServeOptions & { readonly format: EnvFormat },
  context: CommandContext,
): Promise<number> {
  const served = await serveVariables(options, context);
  if (!served.ok) return served.code;
  const { formatEnv } = await import("./env-format.js");
  context.console.out(
    options.format === "json" ? served.processJson : formatEnv(served.variables, options.format),
  );
  return ExitCode.ok;
}

/** `process`: prints credential_process JSON on stdout. */
export async function processAction(
  options: ServeOptions,
  context: CommandContext,
): Promise<number> {
  const served = await serveVariables(options, context);
  if (!served.ok) return served.code;
  context.console.out(served.processJson);
  return ExitCode.ok;
}
