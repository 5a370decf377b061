import { ownedExpiry } from "../../model/freshness.js";
import { type IniDocument, sectionState } from "../../model/ini-document.js";
import { isResolved, type SyncTarget } from "../../model/profile-selection.js";
import { awsLoginCommand, loginCommand } from "../../model/sso-profiles.js";
import { describeTokenProblem, type TokenAssessment } from "../../model/sso-token.js";

/** What a profile's section holds, as `status` reports it. */
export type CredentialState =
  | "fresh"
  | "expiring"
  | "expired"
  | "never-synced"
  | "blocked"
  | "misconfigured";

/** What a profile's SSO token can do: be used, be refreshed without a browser, or nothing. */
export type TokenStatus = "valid" | "refreshable" | "login-needed" | "unknown";

/** One row of `sso-sync status`; never holds a secret. */
export interface StatusRow {
  readonly profile: string;
  readonly section: string;
  /** The sso-session name, or the start URL of a legacy profile. */
  readonly session?: string;
  readonly legacy: boolean;
  readonly token: TokenStatus;
  readonly tokenExpiry?: Date;
  readonly canRefresh: boolean;
  readonly credentialExpiry?: Date;
  readonly state: CredentialState;
  /** Why the token needs a login or the profile is blocked or misconfigured. */
  readonly reason?: string;
  readonly loginCommand?: string;
  /** The AWS CLI's equivalent of `loginCommand`. */
  readonly awsLoginCommand?: string;
  /** Why the section cannot be written, for a blocked profile. */
  readonly note?: string;
}

/** Builds the status rows from what is on disk at `now`; pure. */
export function statusRows(
  targets: readonly SyncTarget[],
  tokens: ReadonlyMap<string, TokenAssessment>,
  doc: IniDocument,
  now: Date,
  minValidityMs: number,
): StatusRow[] {
  return targets.map((target) => {
    const base = { profile: target.profileName, section: target.section };
    const profile = target.profile;
    if (!isResolved(profile)) {
      const reason = profile.message;
      return {
        ...base,
        legacy: false,
        token: "unknown",
        canRefresh: false,
        state: "misconfigured",
        reason,
      };
    }
    const legacy = profile.source.kind === "legacy";
    const session = legacy ? profile.source.startUrl : profile.tokenKey;
    const token = tokenColumns(tokens.get(profile.tokenKey), {
      loginCommand: loginCommand(profile),
      awsLoginCommand: awsLoginCommand(profile),
    });
    return {
      ...base,
      session,
      legacy,
      ...token,
      ...credentialColumns(doc, target, now, minValidityMs),
    };
  });
}

function tokenColumns(
  assessment: TokenAssessment | undefined,
  login: { loginCommand: string; awsLoginCommand: string },
) {
  if (assessment === undefined || assessment.kind === "login") {
    const reason = describeTokenProblem(assessment?.problem ?? "missing");
    return { token: "login-needed" as const, canRefresh: false, reason, ...login };
  }
  if (assessment.kind === "use") {
    const { expiresAt } = assessment.token;
    return { token: "valid" as const, tokenExpiry: expiresAt, canRefresh: assessment.canRefresh };
  }
  const expiry = assessment.current?.expiresAt;
  return {
    token: "refreshable" as const,
    canRefresh: true,
    ...(expiry === undefined ? {} : { tokenExpiry: expiry }),
  };
}

function credentialColumns(
  doc: IniDocument,
  target: SyncTarget,
  now: Date,
  minValidityMs: number,
): { state: CredentialState; credentialExpiry?: Date; note?: string } {
  const section = sectionState(doc, target.section);
  if (section === "unowned")
    return { state: "blocked", note: `[${target.section}] was not written by sso-sync` };
  if (section === "duplicate")
    return { state: "blocked", note: `[${target.section}] appears more than once` };
  const expiry = ownedExpiry(doc, target);
  if (expiry === undefined) return { state: "never-synced" };
  const left = expiry.getTime() - now.getTime();
  const state = left <= 0 ? "expired" : left < minValidityMs ? "expiring" : "fresh";
  return { state, credentialExpiry: expiry };
}

/** Whether any row's SSO session needs `aws sso login`. */
export function anyLoginNeeded(rows: readonly StatusRow[]): boolean {
  return rows.some((row) => row.token === "login-needed");
}
