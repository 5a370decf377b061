import { readTokenAssessment, tokenRequest } from "../../io/files/token-cache.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { ExitCode } from "../../model/exit-code.js";
import { isResolved } from "../../model/profile-selection.js";
import type { Failure } from "../../model/result.js";
import type { RunContext } from "../../model/run-context.js";
import type { TokenAssessment } from "../../model/sso-token.js";
import { readCredentialsDocument } from "../shared/file-failure.js";
import { loadTargets } from "../shared/load-targets.js";
import { anyLoginNeeded, type StatusRow, statusRows } from "./status-plan.js";

/** What `status` was asked about. */
export interface StatusOptions {
  readonly profiles: readonly string[];
  readonly minValidityMs: number;
}

/** Everything `status` has to say. */
export interface StatusReport {
  readonly credentialsFile: string;
  readonly rows: readonly StatusRow[];
  /** What stopped the run (there are no rows then). */
  readonly fatal?: Failure;
}

/** Status's exit code: 3 when a session needs a login (a report with `fatal` goes as its Failure). */
export function statusExitCode(report: StatusReport): number {
  return anyLoginNeeded(report.rows) ? ExitCode.loginNeeded : ExitCode.ok;
}

/** Reads config, token cache and credentials file (no network, no lock) and reports each profile. */
export async function runStatus(
  options: StatusOptions,
  context: RunContext,
): Promise<StatusReport> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const base = { credentialsFile: paths.credentialsFile, rows: [] };
  const selected = await loadTargets(paths.configFile, options.profiles);
  if (!selected.ok) return { ...base, fatal: selected.failure };
  const targets = selected.value;
  const current = await readCredentialsDocument(paths.credentialsFile);
  if (!current.ok) return { ...base, fatal: current.failure };
  const now = context.now();
  const tokens = new Map<string, TokenAssessment>();
  for (const { profile } of targets) {
    if (!isResolved(profile) || tokens.has(profile.tokenKey)) continue;
    const request = tokenRequest(profile, paths.ssoCacheDir);
    tokens.set(profile.tokenKey, await readTokenAssessment(request, now));
  }
  const rows = statusRows(targets, tokens, current.value.doc, now, options.minValidityMs);
  return { ...base, rows };
}
