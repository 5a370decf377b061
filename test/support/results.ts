import type { ProfileResult, SyncReport } from "../../src/model/sync-result.js";

/** A profile synced into its own section, valid until 13:00 UTC on 2026-11-22. */
export const synced: ProfileResult = {
  profile: "dev",
  section: "dev",
  status: "synced",
  action: "updated",
  expiration: new Date(Date.UTC(2026, 10, 22, 13, 0, 0)),
};

/** A profile whose session `acme` needs a login. */
export const login = (profile: string): ProfileResult => ({
  profile,
  section: profile,
  status: "login-needed",
  reason: "the SSO session has expired",
  tokenKey: "acme",
  loginCommand: "sso-sync login --sso-session acme",
  awsLoginCommand: "aws sso login --sso-session acme",
});

/** A profile whose role is not assigned. */
export const failed: ProfileResult = {
  profile: "prod",
  section: "prod",
  status: "failed",
  failure: "forbidden",
  reason: "role Admin is not assigned to you in account 1",
};

/** A sync report over these results. */
export const report = (results: ProfileResult[], extra: Partial<SyncReport> = {}): SyncReport => ({
  credentialsFile: "/h/.aws/credentials",
  dryRun: false,
  results,
  ...extra,
});
