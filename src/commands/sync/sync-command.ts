import type { NetworkSettings } from "../../io/aws/http-handler.js";
import type { Pacer } from "../../io/aws/pacer.js";
import { LockBusyError } from "../../io/files/file-lock.js";
import { describeFsError } from "../../io/files/fs-error.js";
import { type CredentialsEdit, updateCredentialsFile } from "../../io/files/ini-file.js";
import type { TokenRequest } from "../../io/files/token-cache.js";
import { obtainToken } from "../../io/files/token-cache.js";
import { preferSmallHeap, SMALL_HEAP_JOBS } from "../../io/process/heap-mode.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { partitionFresh } from "../../model/freshness.js";
import { type IniDocument, parseIniDocument, renderIniDocument } from "../../model/ini-document.js";
import { readIni } from "../../model/ini-sections.js";
import { isResolved, type SyncTarget } from "../../model/profile-selection.js";
import { failed, ok, type Result, writeFailure } from "../../model/result.js";
import type { RunContext } from "../../model/run-context.js";
import type { TokenState } from "../../model/sso-token.js";
import type { ProfileResult, SyncReport } from "../../model/sync-result.js";
import { fileFailure, readCredentialsDocument, writeHow } from "../shared/file-failure.js";
import { loadTargets } from "../shared/load-targets.js";
import { networksFor } from "../shared/network-for.js";
import { runPacer } from "../shared/run-pacer.js";
import { fetchJobs } from "./fetch-jobs.js";
import { dropLoggedOut } from "./logged-out.js";
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
  /** Write the file in place (keeps its inode: single-file mounts, hard links). */
  readonly inPlace?: boolean;
}

/** Syncs the selected SSO profiles into the credentials file and reports on each. */
export async function runSync(options: SyncOptions, context: RunContext): Promise<SyncReport> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const base = { credentialsFile: paths.credentialsFile, dryRun: options.dryRun, results: [] };
  const loaded = await loadTargets(paths.configFile, options.profiles);
  if (!loaded.ok) return { ...base, fatal: loaded.failure };
  const selected = loaded.value;
  const now = context.now();
  // A first read, without the lock, decides what to fetch (no secrets are fetched for a section
  // we would refuse); the write re-reads the file under the lock before it edits it.
  const read = await readCredentialsDocument(paths.credentialsFile);
  if (!read.ok) return { ...base, fatal: read.failure };
  const current = read.value.doc;
  // Fresh sections cost nothing: no token read, no SDK, no lock, no write.
  const { fresh, stale } = options.force
    ? { fresh: [], stale: selected }
    : partitionFresh(selected, current, now, options.minValidityMs);
  // One pacing for every AWS call of the run: token refreshes, the portal and STS (none when
  // everything is fresh or nothing is sent).
  const calls = stale.length > 0 && !options.dryRun;
  // Each profile's proxy and CA bundle, checked before any call (a bad bundle stops the run).
  const networks = calls ? await staleNetworks(stale, context.env) : undefined;
  if (networks !== undefined && !networks.ok) return { ...base, fatal: networks.failure };
  const byProfile = networks?.value ?? new Map<string, NetworkSettings>();
  const pacer = calls ? runPacer(options, context) : undefined;
  const tokens = await readTokens(stale, paths.ssoCacheDir, options, context, {
    pacer,
    byProfile,
  });
  const plan = planSync(stale, tokens, current, options.takeOver, paths.credentialsFile);
  const decided = [...fresh, ...plan.decided];
  if (options.dryRun) {
    const results = ordered(selected, [...decided, ...plan.jobs.map(plannedResult)]);
    return withFileProblems({ ...base, results }, current);
  }
  const prompt = context.mfaPrompt === undefined ? {} : { mfaPrompt: context.mfaPrompt };
  const listen = context.onEvent === undefined ? {} : { onEvent: context.onEvent };
  if (plan.jobs.length >= SMALL_HEAP_JOBS) preferSmallHeap();
  const fetched =
    pacer === undefined
      ? []
      : await fetchJobs(plan.jobs, {
          ...options,
          env: context.env,
          now: context.now,
          ...prompt,
          ...listen,
          pacer,
          networkOf: (name) => byProfile.get(name) ?? { env: context.env },
        });
  const failures = fetched.flatMap((outcome) =>
    outcome.state === "decided" ? [outcome.result] : [],
  );
  const arrived = fetched.flatMap((outcome) =>
    outcome.state === "fetched" ? [outcome.fetched] : [],
  );
  const files = { credentialsFile: paths.credentialsFile, cacheDir: paths.ssoCacheDir };
  const written = await writeAll(arrived, options, files, now, context);
  if (!written.ok)
    return {
      ...base,
      results: ordered(selected, [...decided, ...failures]),
      fatal: written.failure,
    };
  const { value: wrote } = written;
  const results = ordered(selected, [...decided, ...failures, ...wrote.results]);
  const report =
    wrote.backupFile === undefined
      ? { ...base, results }
      : { ...base, results, backupFile: wrote.backupFile };
  const after = wrote.text === undefined ? current : parseIniDocument(wrote.text);
  return withFileProblems(report, after);
}

/** Adds what botocore would reject in the file as it now is: said on every run, until fixed. */
function withFileProblems(report: SyncReport, doc: IniDocument): SyncReport {
  const problems = readIni(doc).problems;
  return problems.length === 0 ? report : { ...report, fileProblems: problems };
}

/** One token per SSO session or start URL, refreshed when botocore would (never in a dry run). */
async function readTokens(
  targets: readonly SyncTarget[],
  cacheDir: string,
  options: SyncOptions,
  context: RunContext,
  calls: { pacer: Pacer | undefined; byProfile: ReadonlyMap<string, NetworkSettings> },
): Promise<Map<string, TokenState>> {
  const { pacer } = calls;
  const requests = new Map<string, TokenRequest>();
  const networks = new Map<string, NetworkSettings>();
  for (const { profile } of targets) {
    if (!isResolved(profile) || requests.has(profile.tokenKey)) continue;
    const isSession = profile.source.kind === "session";
    requests.set(profile.tokenKey, {
      cacheDir,
      tokenKey: profile.tokenKey,
      isSession,
      ssoRegion: profile.ssoRegion,
    });
    // A shared token is refreshed with the settings of the first profile that needs it.
    networks.set(profile.tokenKey, calls.byProfile.get(profile.name) ?? { env: context.env });
  }
  const settings = {
    refresh: !options.dryRun,
    lockWaitMs: options.lockTimeoutSeconds * 1000,
    timeoutSeconds: options.timeoutSeconds,
    env: context.env,
    now: context.now,
    ...(pacer === undefined ? {} : { pacer }),
    ...(context.onEvent === undefined ? {} : { onEvent: context.onEvent }),
  };
  if (requests.size === 0) return new Map();
  // Loaded only when there is a token to read: an all-fresh run never needs it.
  const entries = await Promise.all(
    [...requests].map(
      async ([key, request]) =>
        [
          key,
          await obtainToken(request, {
            ...settings,
            network: networks.get(key) ?? { env: context.env },
          }).catch(tokenFailure),
        ] as const,
    ),
  );
  return new Map(entries);
}

/** The network settings of every stale profile that will be fetched. */
function staleNetworks(targets: readonly SyncTarget[], env: RunContext["env"]) {
  const profiles = targets.flatMap(({ profile }) => (isResolved(profile) ? [profile] : []));
  return networksFor(profiles, env);
}

/** The sections written (and where a backup went). */
interface Written {
  readonly results: readonly ProfileResult[];
  readonly backupFile?: string;
  /** The file's text after the edit (undefined when nothing was fetched). */
  readonly text?: string;
}

/** What the edit under the lock decided, and the text it left. */
interface Edited {
  readonly results: readonly ProfileResult[];
  readonly after: string;
}

async function writeAll(
  fetched: readonly Fetched[],
  options: SyncOptions,
  files: { readonly credentialsFile: string; readonly cacheDir: string },
  now: Date,
  context: RunContext,
): Promise<Result<Written>> {
  if (fetched.length === 0) return ok({ results: [] });
  const { credentialsFile } = files;
  const edit = (text: string): CredentialsEdit<Edited> => {
    const { kept, results: loggedOut } = dropLoggedOut(fetched, files.cacheDir);
    const applied = applyFetched(parseIniDocument(text), kept, options.takeOver, credentialsFile);
    const after = renderIniDocument(applied.doc);
    const results = [...applied.results, ...loggedOut];
    return { text: after, backup: applied.tookOver, result: { results, after } };
  };
  try {
    const lockWaitMs = options.lockTimeoutSeconds * 1000;
    const update = await updateCredentialsFile(
      credentialsFile,
      edit,
      backupSuffix(now),
      lockWaitMs,
      () => context.onEvent?.({ kind: "lock-wait", path: credentialsFile }),
      writeHow(options.inPlace, context),
    );
    const { results, after: text } = update.result;
    const { backupFile } = update;
    return ok(backupFile === undefined ? { results, text } : { results, backupFile, text });
  } catch (error) {
    const message = fileFailure(error, `cannot write ${credentialsFile}`, "; nothing was changed");
    return failed(writeFailure(message));
  }
}

/** A refresh that could not lock or write the token cache; the next run tries again. */
function tokenFailure(error: unknown): TokenState {
  const detail = error instanceof LockBusyError ? error.message : describeFsError(error);
  return { state: "unusable", problem: "refresh-unavailable", detail };
}

/** `20261122T013716Z`: sortable and valid in a file name everywhere. */
function backupSuffix(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
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
