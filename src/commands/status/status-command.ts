import { readTokenAssessment, tokenRequest } from "../../io/files/token-cache.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { isResolved } from "../../model/profile-selection.js";
import type { RunContext } from "../../model/run-context.js";
import type { TokenAssessment } from "../../model/sso-token.js";
import type { FatalError } from "../../model/sync-result.js";
import { readCredentialsDocument } from "../shared/file-failure.js";
import { loadTargets } from "../shared/load-targets.js";
import { type StatusRow, statusRows } from "./status-plan.js";

/** What `status` was asked about. */
export interface StatusOptions {
  readonly profiles: readonly string[];
  readonly minValidityMs: number;
}

/** Everything `status` has to say. */
export interface StatusReport {
  readonly credentialsFile: string;
  readonly rows: readonly StatusRow[];
  readonly fatal?: FatalError;
}

/** Reads config, token cache and credentials file (no network, no lock) and reports each profile. */
export async function runStatus(
  options: StatusOptions,
  context: RunContext,
): Promise<StatusReport> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const base = { credentialsFile: paths.credentialsFile, rows: [] };
  const selected = await loadTargets(paths.configFile, options.profiles);
  if (!selected.ok) return { ...base, fatal: selected.fatal };
  const { targets } = selected;
  const current = await readCredentialsDocument(paths.credentialsFile);
  if (!current.ok) return { ...base, fatal: current.fatal };
  const now = context.now();
  const tokens = new Map<string, TokenAssessment>();
  for (const { profile } of targets) {
    if (!isResolved(profile) || tokens.has(profile.tokenKey)) continue;
    const request = tokenRequest(profile, paths.ssoCacheDir);
    tokens.set(profile.tokenKey, await readTokenAssessment(request, now));
  }
  const rows = statusRows(targets, tokens, current.doc, now, options.minValidityMs);
  return { ...base, rows };
}
