import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { readConfigFile } from "../../io/files/config-file.js";
import { readCredentialsText } from "../../io/files/ini-file.js";
import { readTokenAssessment, tokenRequest } from "../../io/files/token-cache.js";
import { parseAwsConfig } from "../../model/aws-config.js";
import { homeDirectory, resolveAwsPaths } from "../../model/aws-paths.js";
import { failed, ok, type Result, writeFailure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import { resolveSsoProfiles } from "../../model/sso-profiles.js";
import type { TokenAssessment } from "../../model/sso-token.js";
import { fileFailure } from "../shared/file-failure.js";
import { type DoctorInput, diagnose, type Finding } from "./doctor-checks.js";
import { diagnoseNetwork, type ProfileNetwork } from "./doctor-network.js";

/** What doctor found, and where it looked. */
export interface DoctorReport {
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly findings: readonly Finding[];
  /** How each SSO profile's calls would travel (proxy without password, CA bundle). */
  readonly network: readonly ProfileNetwork[];
}

/** Gathers the files, environment and locks (read only, no network) and runs every check. */
export async function runDoctor(context: CommandContext): Promise<DoctorReport> {
  const paths = resolveAwsPaths(context.env, context.osHome);
  const now = context.now();
  const read = await readConfigFile(paths.configFile);
  const credentials = await readCredentials(paths.credentialsFile);
  const base = { configFile: paths.configFile, credentialsFile: paths.credentialsFile };
  if (!credentials.ok) {
    const finding: Finding = {
      severity: "error",
      check: "credentials-read",
      message: credentials.failure.message,
      fix: `check ${paths.credentialsFile}`,
    };
    return { ...base, findings: [finding], network: [] };
  }
  const tokens = read.ok ? await assessTokens(read.value, paths.ssoCacheDir, now) : new Map();
  const locks = await findLocks([`${paths.credentialsFile}.lock`], paths.ssoCacheDir, now);
  const input: DoctorInput = {
    env: context.env,
    ...base,
    config: read,
    locks,
    tokens,
    now,
    ...(context.platform === "win32"
      ? { windowsProfile: homeDirectory(context.env, context.osHome) }
      : {}),
  };
  const profiles = read.ok ? resolveSsoProfiles(parseAwsConfig(read.value)).profiles : [];
  const network = await diagnoseNetwork(profiles, context.env);
  const findings = diagnose(
    credentials.value === undefined ? input : { ...input, credentials: credentials.value },
  );
  return { ...base, findings: [...findings, ...network.findings], network: network.network };
}

/** The credentials file's text, mode and links (undefined when there is none). */
type CredentialsFile = { text: string; mode: number; links: number } | undefined;

async function readCredentials(path: string): Promise<Result<CredentialsFile>> {
  try {
    const info = await stat(path);
    const text = await readCredentialsText(path);
    return ok({ text, mode: info.mode, links: info.nlink });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return ok(undefined);
    return failed(writeFailure(fileFailure(error, `cannot read ${path}`)));
  }
}

async function assessTokens(
  configText: string,
  cacheDir: string,
  now: Date,
): Promise<Map<string, TokenAssessment>> {
  const tokens = new Map<string, TokenAssessment>();
  for (const profile of resolveSsoProfiles(parseAwsConfig(configText)).profiles) {
    if (tokens.has(profile.tokenKey)) continue;
    tokens.set(profile.tokenKey, await readTokenAssessment(tokenRequest(profile, cacheDir), now));
  }
  return tokens;
}

async function findLocks(
  candidates: readonly string[],
  cacheDir: string,
  now: Date,
): Promise<Array<{ path: string; ageMs: number }>> {
  const inCache = await readdir(cacheDir).catch(() => [] as string[]);
  const paths = [
    ...candidates,
    ...inCache.filter((name) => name.endsWith(".lock")).map((name) => join(cacheDir, name)),
  ];
  const locks: Array<{ path: string; ageMs: number }> = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined) locks.push({ path, ageMs: now.getTime() - info.mtimeMs });
  }
  return locks;
}
