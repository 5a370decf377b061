import { LockBusyError } from "../../io/files/file-lock.js";
import { describeFsError } from "../../io/files/fs-error.js";
import {
  type CredentialsEdit,
  NotUtf8Error,
  readCredentialsText,
  updateCredentialsFile,
} from "../../io/files/ini-file.js";
import { obtainToken, type TokenRequest } from "../../io/files/token-cache.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { partitionFresh } from "../../model/freshness.js";
import {
  type CredentialsDocument,
  parseCredentials,
  renderCredentials,
} from "../../model/ini-document.js";
import { isResolved, type SyncTarget } from "../../model/profile-selection.js";
import type { RunContext } from "../../model/run-context.js";
import type { TokenState } from "../../model/sso-token.js";
import type { FatalError, ProfileResult, SyncReport } from "../../model/sync-result.js";
import { loadTargets } from "../shared/load-targets.js";
import { fetchJobs } from "./fetch-jobs.js";
import { applyFetched, type Fetched } from "./sync-apply.js";
import { plannedResult, planSync } from "./sync-plan.js";

/** What the user asked for. */
export interface SyncOptions {
  readonly profiles: readonly string[];
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly lockTimeoutSeconds: number;
  readonly takeOver: boolean;
  readonly dryRun: boolean;
  /** A section valid for at least this long is left alone (unless `force`). */
  readonly minValidityMs: number;
  readonly force: boolean;
}

/** Syncs the selected SSO profiles into the credentials file and reports on each. */
export async function runSync(options: SyncOptions, context: RunContext): Promise<SyncReport> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const base = { credentialsFile: paths.credentialsFile, dryRun: options.dryRun, results: [] };
  const selected = await loadTargets(paths.configFile, options.profiles);
  if ("kind" in selected) return { ...base, fatal: selected };
  const now = context.now();
  // A first read, without the lock, decides what to fetch (no secrets are fetched for a section
  // we would refuse); the write re-reads the file under the lock before it edits it.
  const current = await readCurrentDocument(paths.credentialsFile);
  if ("kind" in current) return { ...base, fatal: current };
  // Fresh sections cost nothing: no token read, no SDK, no lock, no write.
  const { fresh, stale } = options.force
    ? { fresh: [], stale: selected }
    : partitionFresh(selected, current, now, options.minValidityMs);
  const tokens = await readTokens(stale, paths.ssoCacheDir, options, context);
  const plan = planSync(stale, tokens, current, options.takeOver, paths.credentialsFile);
  const decided = [...fresh, ...plan.decided];
  if (options.dryRun) {
    return { ...base, results: ordered(selected, [...decided, ...plan.jobs.map(plannedResult)]) };
  }
  const prompt = context.mfaPrompt === undefined ? {} : { mfaPrompt: context.mfaPrompt };
  const fetched = await fetchJobs(plan.jobs, {
    ...options,
    env: context.env,
    now: context.now,
    ...prompt,
  });
  const failures = fetched.filter((item): item is ProfileResult => "status" in item);
  const arrived = fetched.filter((item): item is Fetched => !("status" in item));
  const written = await writeAll(arrived, options, paths.credentialsFile, now);
  if ("kind" in written)
    return { ...base, results: ordered(selected, [...decided, ...failures]), fatal: written };
  const results = ordered(selected, [...decided, ...failures, ...written.results]);
  return written.backupFile === undefined
    ? { ...base, results }
    : { ...base, results, backupFile: written.backupFile };
}

async function readCurrentDocument(path: string): Promise<CredentialsDocument | FatalError> {
  try {
    return parseCredentials(await readCredentialsText(path));
  } catch (error) {
    return { kind: "write", message: fileFailure(error, `cannot read ${path}`) };
  }
}

/** One token per SSO session or start URL, refreshed when botocore would (never in a dry run). */
async function readTokens(
  targets: readonly SyncTarget[],
  cacheDir: string,
  options: SyncOptions,
  context: RunContext,
): Promise<Map<string, TokenState>> {
  const requests = new Map<string, TokenRequest>();
  for (const { profile } of targets) {
    if (!isResolved(profile) || requests.has(profile.tokenKey)) continue;
    const isSession = profile.source.kind === "session";
    requests.set(profile.tokenKey, {
      cacheDir,
      tokenKey: profile.tokenKey,
      isSession,
      ssoRegion: profile.ssoRegion,
    });
  }
  const settings = {
    refresh: !options.dryRun,
    lockWaitMs: options.lockTimeoutSeconds * 1000,
    timeoutSeconds: options.timeoutSeconds,
    env: context.env,
    now: context.now,
  };
  const entries = await Promise.all(
    [...requests].map(
      async ([key, request]) =>
        [key, await obtainToken(request, settings).catch(tokenFailure)] as const,
    ),
  );
  return new Map(entries);
}

async function writeAll(
  fetched: readonly Fetched[],
  options: SyncOptions,
  credentialsFile: string,
  now: Date,
): Promise<{ results: readonly ProfileResult[]; backupFile?: string } | FatalError> {
  if (fetched.length === 0) return { results: [] };
  const edit = (text: string): CredentialsEdit<readonly ProfileResult[]> => {
    const applied = applyFetched(
      parseCredentials(text),
      fetched,
      options.takeOver,
      credentialsFile,
    );
    return {
      text: renderCredentials(applied.doc),
      backup: applied.tookOver,
      result: applied.results,
    };
  };
  try {
    const lockWaitMs = options.lockTimeoutSeconds * 1000;
    const update = await updateCredentialsFile(
      credentialsFile,
      edit,
      backupSuffix(now),
      lockWaitMs,
    );
    const { result: results, backupFile } = update;
    return backupFile === undefined ? { results } : { results, backupFile };
  } catch (error) {
    return {
      kind: "write",
      message: fileFailure(error, `cannot write ${credentialsFile}`, "; nothing was changed"),
    };
  }
}

/** A refresh that could not lock or write the token cache; the next run tries again. */
function tokenFailure(error: unknown): TokenState {
  const detail = error instanceof LockBusyError ? error.message : describeFsError(error);
  return { ok: false, problem: "refresh-unavailable", detail };
}

/** `20261122T013716Z`: sortable and valid in a file name everywhere. */
function backupSuffix(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** One line for a credentials file failure: `doing` says what failed (`cannot write ...`). */
function fileFailure(error: unknown, doing: string, outcome = ""): string {
  if (error instanceof NotUtf8Error) return error.message;
  if (error instanceof LockBusyError) return `${error.message}; nothing was changed, try again`;
  return `${doing}: ${describeFsError(error)}${outcome}`;
}

function ordered(
  targets: readonly SyncTarget[],
  results: readonly ProfileResult[],
): ProfileResult[] {
  const position = new Map(targets.map((target, index) => [target.section, index]));
  return [...results].sort(
    (a, b) => (position.get(a.section) ?? 0) - (position.get(b.section) ?? 0),
  );
}
