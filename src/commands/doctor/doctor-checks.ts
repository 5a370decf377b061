import { parseAwsConfig } from "../../model/aws-config.js";
import { EXPIRY_KEY } from "../../model/credentials-keys.js";
import { parseExpiry } from "../../model/expiry.js";
import { ownedSectionNames, parseIniDocument, readSection } from "../../model/ini-document.js";
import { parseIni } from "../../model/ini-sections.js";
import type { Result } from "../../model/result.js";
import { SETUP_ADVICE } from "../../model/setup-plan.js";
import { shellWord } from "../../model/shell-word.js";
import {
  awsLoginCommand,
  loginAdvice,
  loginCommand,
  resolveSsoProfiles,
} from "../../model/sso-profiles.js";
import { describeTokenProblem, type TokenAssessment } from "../../model/sso-token.js";
import { relativePhrase } from "../shared/time-phrase.js";

/** How bad a finding is: errors make tools fail or leak; warnings make them use the wrong identity. */
export type Severity = "error" | "warning";

/** One thing `doctor` found, with the fix. */
export interface Finding {
  readonly severity: Severity;
  readonly check: string;
  readonly message: string;
  readonly fix: string;
}

/** Everything doctor looks at, gathered by the shell. */
export interface DoctorInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly configFile: string;
  readonly credentialsFile: string;
  /** Config text, or why it cannot be read. */
  readonly config: Result<string>;
  /** Credentials text, permission bits and hard links; undefined when there is no file. */
  readonly credentials?: {
    readonly text: string;
    readonly mode: number;
    /** Hard links (st_nlink); absent: one. */
    readonly links?: number;
  };
  /** Lock directories left behind, with their age. */
  readonly locks: ReadonlyArray<{ readonly path: string; readonly ageMs: number }>;
  /** Token assessments by token key (session name or start URL). */
  readonly tokens: ReadonlyMap<string, TokenAssessment>;
  readonly now: Date;
  /**
   * On Windows, the user's profile folder: there the file's access list, inherited from that
   * folder (you, SYSTEM and Administrators), protects it; mode bits mean nothing on NTFS.
   */
  readonly windowsProfile?: string;
}

// A live sso-sync refreshes its lock every second; one this old belongs to a run that died.
const STALE_LOCK_MS = 10_000;

/** Runs every check; pure. */
export function diagnose(input: DoctorInput): Finding[] {
  return [
    ...environmentKeys(input.env),
    ...configFindings(input),
    ...credentialsFindings(input),
    ...input.locks.filter((lock) => lock.ageMs > STALE_LOCK_MS).map(staleLock),
  ];
}

function environmentKeys(env: DoctorInput["env"]): Finding[] {
  const set = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].filter(
    (name) => (env[name] ?? "") !== "",
  );
  if (set.length === 0) return [];
  const half = set.includes("AWS_ACCESS_KEY_ID") !== set.includes("AWS_SECRET_ACCESS_KEY");
  return [
    {
      severity: half ? "error" : "warning",
      check: "environment-keys",
      message: half
        ? `${set.join(", ")} set without its pair: SDKs and the AWS CLI fail to sign`
        : `${set.join(", ")} set in the environment: they beat every profile, so tools ignore AWS_PROFILE and ~/.aws/credentials`,
      fix: `unset ${set.join(" ")}`,
    },
  ];
}

function configFindings(input: DoctorInput): Finding[] {
  if (!input.config.ok)
    return [
      {
        severity: "error",
        check: "config",
        message: input.config.failure.message,
        fix: SETUP_ADVICE,
      },
    ];
  const config = parseAwsConfig(input.config.value);
  const findings: Finding[] = config.problems.map((problem) => ({
    severity: "error",
    check: "config-syntax",
    message: `${input.configFile} line ${problem.line}: ${problem.message}; the AWS CLI rejects the whole file`,
    fix: `edit ${input.configFile} by hand`,
  }));
  const sso = resolveSsoProfiles(config);
  for (const problem of sso.problems) {
    findings.push({
      severity: "error",
      check: "sso-profile",
      message: `profile ${problem.profile}: ${problem.message}`,
      fix: `edit [profile ${problem.profile}] in ${input.configFile}, or run: aws configure sso --profile ${shellWord(problem.profile)}`,
    });
  }
  const credentialSections = sectionsOf(input.credentials?.text);
  const known = new Set([...config.profiles.keys(), ...credentialSections]);
  findings.push(...unknownProfiles(input.env, [...known]));
  const shown = new Set<string>();
  for (const profile of sso.profiles) {
    const assessment = input.tokens.get(profile.tokenKey);
    if (assessment?.kind !== "login" || shown.has(profile.tokenKey)) continue;
    shown.add(profile.tokenKey);
    findings.push({
      severity: "warning",
      check: "sso-login",
      message: `SSO ${profile.source.kind === "session" ? `session ${profile.tokenKey}` : `start URL ${profile.tokenKey}`}: ${describeTokenProblem(assessment.problem)}`,
      fix: loginAdvice(loginCommand(profile), awsLoginCommand(profile)),
    });
  }
  return findings;
}

function unknownProfiles(env: DoctorInput["env"], known: readonly string[]): Finding[] {
  return ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"].flatMap((name): Finding[] => {
    const value = env[name];
    if (value === undefined || value === "" || known.includes(value)) return [];
    const more =
      known.length > 5 ? ` and ${known.length - 5} more (sso-sync status lists them)` : "";
    const some = `${known.slice(0, 5).join(", ")}${more}`;
    return [
      {
        severity: "error",
        check: "unknown-profile",
        message: `${name}=${value} names a profile that is in neither the config nor the credentials file: every AWS tool fails`,
        fix:
          known.length > 0 ? `export ${name}=<one of: ${some}> or unset ${name}` : `unset ${name}`,
      },
    ];
  });
}

function sectionsOf(text: string | undefined): string[] {
  return text === undefined ? [] : parseIni(text).sections.map((section) => section.name);
}

function windowsLocation(path: string, profile: string): Finding[] {
  const folder = profile.replace(/[\\/]+$/, "").toLowerCase();
  const inside = path.toLowerCase().startsWith(`${folder}\\`);
  if (inside) return [];
  return [
    {
      severity: "warning",
      check: "credentials-location",
      message: `${path} is outside your profile folder (${profile}): on Windows only its access list keeps others from reading the secret keys in it`,
      fix: `check who may read it with: icacls "${path}" (or keep it under ${profile}\\.aws)`,
    },
  ];
}

function credentialsFindings(input: DoctorInput): Finding[] {
  const file = input.credentials;
  if (file === undefined) return [];
  const path = input.credentialsFile;
  const findings: Finding[] = parseIni(file.text).problems.map((problem) => ({
    severity: "error",
    check: "credentials-syntax",
    message: `${path} line ${problem.line}: ${problem.message}; the AWS CLI rejects the whole file`,
    fix: `edit ${path} by hand (merge or remove the copy)`,
  }));
  if (input.windowsProfile !== undefined) {
    findings.push(...windowsLocation(path, input.windowsProfile));
  } else if ((file.mode & 0o077) !== 0) {
    findings.push({
      severity: "error",
      check: "credentials-mode",
      message: `${path} is readable by others (mode ${(file.mode & 0o777).toString(8)}): it holds secret keys`,
      fix: `chmod 600 ${shellWord(path)}`,
    });
  }
  if ((file.links ?? 1) > 1)
    findings.push({
      severity: "warning",
      check: "credentials-hard-links",
      message: `${path} has ${file.links} hard links: sso-sync writes it in place to keep them, and a reader may see it half-written for a moment`,
      fix: `keep one name and make the others symbolic links: ln -sf ${shellWord(path)} OTHER`,
    });
  const doc = parseIniDocument(file.text);
  for (const name of ownedSectionNames(doc)) {
    const expiry = parseExpiry(readSection(doc, name)?.get(EXPIRY_KEY) ?? "");
    if (expiry === undefined || expiry > input.now) continue;
    findings.push({
      severity: "warning",
      check: "expired-section",
      message: `[${name}] holds keys that expired ${relativePhrase(expiry, input.now)}: the Go and JS SDKs use them before SSO and fail`,
      fix: "run sso-sync to renew them, or remove them with: sso-sync clean --expired",
    });
  }
  return findings;
}

function staleLock(lock: { path: string; ageMs: number }): Finding {
  return {
    severity: "warning",
    check: "stale-lock",
    message: `${lock.path} was left by a run that did not finish (${Math.round(lock.ageMs / 1000)}s old); the next run takes it over after a few seconds`,
    fix: `rm -r ${shellWord(lock.path)}`,
  };
}
