import { readCredentialsText } from "../../io/files/ini-file.js";
import { resolveAwsPaths } from "../../model/aws-paths.js";
import { ExitCode } from "../../model/exit-code.js";
import {
  OWNER_KEY,
  ownedSectionNames,
  parseIniDocument,
  readSection,
} from "../../model/ini-document.js";
import { markerText } from "../../model/ini-writable.js";
import type { SsoProfile } from "../../model/profile-types.js";
import {
  configFailure,
  type Failure,
  failed,
  failureText,
  ok,
  type Result,
} from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import { runClean } from "../clean/clean-command.js";
import { type ListingSource, listingSource } from "../shared/listing-source.js";
import { loadConfig } from "../shared/load-config.js";
import { networkForChoice } from "../shared/network-for.js";
import { logoutSession } from "./logout-session.js";

/** What `logout` was asked for: one session (or profile's), or every one. */
export interface LogoutOptions {
  readonly session?: string;
  readonly profile?: string;
  readonly all: boolean;
  /** Each portal Logout ends within this long (`--timeout`). */
  readonly timeoutSeconds: number;
  readonly lockTimeoutSeconds: number;
  /** Write the credentials file in place (keeps its inode: single-file mounts, hard links). */
  readonly inPlace?: boolean;
}

/** What logout did: a line per session, and what failed (see logoutExitCode). */
export interface LogoutReport {
  readonly lines: readonly string[];
  /** A portal Logout failed (exit 4). */
  readonly portalFailed: boolean;
  /** The credentials file could not be cleaned (its line is the last one; exit 5). */
  readonly cleanFailure?: Failure;
}

/** The sources to log out of: the chosen one, or one per token key the profiles use. */
function sourcesOf(
  options: LogoutOptions,
  profiles: readonly SsoProfile[],
  pick: (wanted: { session?: string; profile?: string }) => ReturnType<typeof listingSource>,
): Result<ListingSource[]> {
  if (!options.all) {
    const choice = pick(options);
    return choice.ok ? ok([choice.value]) : choice;
  }
  const sources: ListingSource[] = [];
  for (const profile of profiles) {
    if (sources.some((source) => source.request.tokenKey === profile.tokenKey)) continue;
    const choice = pick({ profile: profile.name });
    if (choice.ok) sources.push(choice.value);
  }
  return ok(sources);
}

/**
 * Logs out as `aws sso logout` does (the portal's Logout with each cached token, then the token
 * files removed), and removes sso-sync's keys from the sections of those sessions' profiles.
 */
export async function runLogout(
  options: LogoutOptions,
  context: CommandContext,
): Promise<Result<LogoutReport>> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const loaded = await loadConfig(paths.configFile);
  // Exit 2 even for a config root may not read for its owner: logout has always said so.
  if (!loaded.ok) return failed(configFailure(loaded.failure.message));
  const { config } = loaded.value;
  const { profiles } = loaded.value.sso;
  const chosen = sourcesOf(options, profiles, (wanted) =>
    listingSource(config, profiles, paths.ssoCacheDir, wanted),
  );
  if (!chosen.ok) return chosen;
  const network = await networkForChoice(options, config, profiles, context.env);
  if (!network.ok) return network;
  const lines: string[] = [];
  let portalFailed = false;
  const settings = {
    timeoutSeconds: options.timeoutSeconds,
    lockWaitMs: options.lockTimeoutSeconds * 1000,
    network: network.value,
    onWait: (label: string) =>
      context.console.err(
        `sso-sync: waiting for another sso-sync run that is refreshing or logging in ${label}\n`,
      ),
  };
  for (const source of chosen.value) {
    const said = await logoutSession(source, {
      ...settings,
      ...(context.console.interactive
        ? {
            onWaiting: () =>
              context.console.err(
                `sso-sync: waiting for an answer from the SSO portal in ${source.request.ssoRegion}\n`,
              ),
          }
        : {}),
    });
    if (said.failed) portalFailed = true;
    lines.push(said.line);
  }
  const keys = new Set(chosen.value.map((source) => source.request.tokenKey));
  const names = new Set(profiles.filter((p) => keys.has(p.tokenKey)).map((p) => p.name));
  const sections = await ownedSectionsOf(paths.credentialsFile, names);
  if (sections.length > 0) {
    const cleaned = await runClean(
      {
        sections,
        expiredOnly: false,
        dryRun: false,
        lockTimeoutSeconds: options.lockTimeoutSeconds,
        ...(options.inPlace === true ? { inPlace: true } : {}),
      },
      context,
    );
    if (cleaned.error !== undefined) {
      const said = `sso-sync: ${failureText(cleaned.error)}`;
      return ok({ lines: [...lines, said], portalFailed, cleanFailure: cleaned.error });
    }
    // A section cleaned by an earlier logout keeps only the user's keys: nothing to say again.
    if (cleaned.remove.length > 0)
      lines.push(
        `sso-sync: removed sso-sync's keys from ${cleaned.remove.map((name) => `[${name}]`).join(", ")}`,
      );
  }
  return ok({ lines, portalFailed });
}

/** Logout's exit code: 5 when the credentials file could not be cleaned, 4 when a portal Logout failed. */
export function logoutExitCode(report: LogoutReport): number {
  if (report.cleanFailure !== undefined) return report.cleanFailure.code;
  return report.portalFailed ? ExitCode.profileFailed : ExitCode.ok;
}

/** The owned sections that these profiles wrote (their marker names the profile). */
async function ownedSectionsOf(
  credentialsFile: string,
  profiles: ReadonlySet<string>,
): Promise<string[]> {
  const doc = parseIniDocument(await readCredentialsText(credentialsFile).catch(() => ""));
  return ownedSectionNames(doc).filter((name) => {
    const owner = readSection(doc, name)?.get(OWNER_KEY);
    return owner !== undefined && profiles.has(markerText(owner));
  });
}
