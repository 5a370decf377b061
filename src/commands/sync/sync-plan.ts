import type { IniDocument } from "../../model/ini-document.js";
import { sectionState } from "../../model/ini-document.js";
import { isResolved, type SyncTarget } from "../../model/profile-selection.js";
import type { SsoProfile } from "../../model/profile-types.js";
import { awsLoginCommand, loginAdvice, loginArgs, loginCommand } from "../../model/sso-profiles.js";
import { describeTokenProblem, type SsoToken, type TokenState } from "../../model/sso-token.js";
import type { ProfileResult, SectionAction } from "../../model/sync-result.js";

/** A profile that can be fetched: its token is usable and its section may be written. */
export interface FetchJob {
  readonly target: SyncTarget;
  readonly profile: SsoProfile;
  readonly token: SsoToken;
  readonly action: SectionAction;
}

/** Targets split into what to fetch and what is already decided. */
export interface SyncPlan {
  readonly jobs: readonly FetchJob[];
  readonly decided: readonly ProfileResult[];
}

/** Decides, without any I/O, which targets to fetch and which fail or need login now. */
export function planSync(
  targets: readonly SyncTarget[],
  tokens: ReadonlyMap<string, TokenState>,
  doc: IniDocument,
  takeOver: boolean,
  credentialsFile: string,
): SyncPlan {
  const jobs: FetchJob[] = [];
  const done: ProfileResult[] = [];
  for (const target of targets) {
    const outcome = planTarget(target, tokens, doc, takeOver, credentialsFile);
    if (outcome.state === "fetch") jobs.push(outcome.job);
    else done.push(outcome.result);
  }
  return { jobs, decided: done };
}

/**
 * A target to fetch, or its result decided without fetching: a per-profile state (that profile's
 * line in the report), not a Failure.
 */
type Planned =
  | { readonly state: "fetch"; readonly job: FetchJob }
  | { readonly state: "decided"; readonly result: ProfileResult };

const decided = (result: ProfileResult): Planned => ({ state: "decided", result });

function planTarget(
  target: SyncTarget,
  tokens: ReadonlyMap<string, TokenState>,
  doc: IniDocument,
  takeOver: boolean,
  credentialsFile: string,
): Planned {
  const base = { profile: target.profileName, section: target.section };
  const profile = target.profile;
  if (!isResolved(profile))
    return decided({ ...base, status: "failed", failure: "config", reason: profile.message });
  const state = sectionState(doc, target.section);
  if (state === "duplicate")
    return decided({
      ...base,
      status: "failed",
      failure: "duplicate",
      reason: duplicateReason(target.section, credentialsFile),
    });
  if (state === "unowned" && !takeOver)
    return decided({
      ...base,
      status: "failed",
      failure: "unowned",
      reason: unownedReason(target, credentialsFile),
    });
  const token: TokenState = tokens.get(profile.tokenKey) ?? {
    state: "unusable",
    problem: "missing",
  };
  if (token.state === "unusable") {
    const why = describeTokenProblem(token.problem, token.detail);
    if (token.problem !== "refresh-unavailable") return decided(loginNeeded(target, profile, why));
    const fix = `check the network and AWS_ENDPOINT_URL_SSO_OIDC, or run: ${loginAdvice(loginCommand(profile), awsLoginCommand(profile))}`;
    return decided({ ...base, status: "failed", failure: "network", reason: `${why}; ${fix}` });
  }
  const action: SectionAction =
    state === "absent" ? "created" : state === "unowned" ? "took-over" : "updated";
  return { state: "fetch", job: { target, profile, token: token.token, action } };
}

/** What --dry-run reports for a job it will not run. */
export function plannedResult(job: FetchJob): ProfileResult {
  return {
    profile: job.target.profileName,
    section: job.target.section,
    status: "would-sync",
    action: job.action,
  };
}

/** The result for a profile whose SSO session needs `aws sso login`. */
export function loginNeeded(target: SyncTarget, profile: SsoProfile, why: string): ProfileResult {
  return {
    profile: target.profileName,
    section: target.section,
    status: "login-needed",
    reason: why,
    tokenKey: profile.tokenKey,
    loginCommand: loginCommand(profile),
    awsLoginCommand: awsLoginCommand(profile),
    loginArgs: loginArgs(profile),
  };
}

/** Why sso-sync will not write over a section someone else wrote, and the two ways out. */
export function unownedReason(target: SyncTarget, credentialsFile: string): string {
  const alternative = `${target.profileName}:${target.section}-sso`;
  return `section [${target.section}] in ${credentialsFile} was not written by sso-sync (it may hold long-lived keys); sync into another section with --profile ${alternative}, or replace it with --take-over (a backup is kept)`;
}

/** Why a section present more than once cannot be written. */
export function duplicateReason(section: string, credentialsFile: string): string {
  return `section [${section}] appears more than once in ${credentialsFile} and not every copy was written by sso-sync; the AWS CLI rejects such a file: merge them by hand`;
}
