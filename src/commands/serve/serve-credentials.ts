import { resolveAwsPaths } from "../../model/aws-paths.js";
import { readSection } from "../../model/ini-document.js";
import { isResolved } from "../../model/profile-selection.js";
import { type Failure, usageFailure, writeFailure } from "../../model/result.js";
import type { RoleCredentials } from "../../model/role-credentials.js";
import type { RunContext } from "../../model/run-context.js";
import { exitCodeFor, type SyncReport } from "../../model/sync-result.js";
import { readCredentialsDocument } from "../shared/file-failure.js";
import { loadTargets } from "../shared/load-targets.js";
import { sectionCredentials } from "../sync/sync-apply.js";
import { runSync } from "../sync/sync-command.js";

/** How env, exec and process get one profile's credentials. */
export interface ServeOptions {
  /** One profile (or `SRC:DEST`); a glob must match exactly one. */
  readonly profile: string;
  readonly minValidityMs: number;
  readonly force: boolean;
  readonly timeoutSeconds: number;
  readonly lockTimeoutSeconds: number;
  /** Log in first (as `sso-sync login`) when the session needs it and a person is here. */
  readonly login?: boolean;
}

/** One profile's credentials to hand over. */
export interface ServedCredentials {
  readonly credentials: RoleCredentials;
  readonly profileName: string;
  readonly region?: string;
}

/**
 * The credentials, or the sync report that says why there are none. A report, not a Failure:
 * it is shown as sync shows it (one line per profile, the run-stopping `fatal` among them), and
 * exitCodeFor decides its code.
 */
export type Served =
  | ({ readonly state: "served" } & ServedCredentials)
  | { readonly state: "reported"; readonly report: SyncReport };

/**
 * Syncs one profile exactly as `sync` would (a fresh section is served offline; a stale one is
 * fetched and written, under the lock) and reads its credentials back from the section.
 */
export async function serveCredentials(
  options: ServeOptions,
  context: RunContext,
): Promise<Served> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const failure = (fatal: Failure): Served => ({
    state: "reported",
    report: { credentialsFile: paths.credentialsFile, dryRun: false, results: [], fatal },
  });
  const selected = await loadTargets(paths.configFile, [options.profile]);
  if (!selected.ok) return failure(selected.failure);
  const targets = selected.value;
  const [target, ...more] = targets;
  if (target === undefined || more.length > 0) {
    const names = targets.map((each) => each.profileName);
    const shown =
      names.length > 5
        ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`
        : names.join(", ");
    return failure(
      usageFailure(`--profile ${options.profile} must name one profile; it matches ${shown}`),
    );
  }
  const report = await runSync(
    { ...options, profiles: [options.profile], concurrency: 1, takeOver: false, dryRun: false },
    context,
  );
  if (exitCodeFor(report) !== 0) return { state: "reported", report };
  const current = await readCredentialsDocument(paths.credentialsFile);
  if (!current.ok) return failure(current.failure);
  const credentials = sectionCredentials(readSection(current.value.doc, target.section));
  if (credentials === undefined)
    return failure(
      writeFailure(`section [${target.section}] changed while it was read; try again`),
    );
  const region = isResolved(target.profile) ? target.profile.region : undefined;
  return {
    state: "served",
    credentials,
    profileName: target.profileName,
    ...(region === undefined ? {} : { region }),
  };
}
