import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  exitCodeFor,
  type ProfileResult,
  type SyncReport,
} from "../../../src/model/sync-result.js";

const synced: ProfileResult = {
  profile: "dev",
  section: "dev",
  status: "synced",
  action: "updated",
  expiration: new Date(Date.UTC(2026, 10, 22, 13, 0, 0)),
};
const login = (profile: string): ProfileResult => ({
  profile,
  section: profile,
  status: "login-needed",
  reason: "the SSO session has expired",
  tokenKey: "acme",
  loginCommand: "aws sso login --sso-session acme",
});
const failed: ProfileResult = {
  profile: "prod",
  section: "prod",
  status: "failed",
  failure: "forbidden",
  reason: "role Admin is not assigned to you in account 1",
};
const report = (results: ProfileResult[], extra: Partial<SyncReport> = {}): SyncReport => ({
  credentialsFile: "/h/.aws/credentials",
  dryRun: false,
  results,
  ...extra,
});

describe("exitCodeFor", () => {
  it("follows the documented precedence", () => {
    assert.equal(exitCodeFor(report([synced])), 0);
    assert.equal(exitCodeFor(report([])), 0);
    assert.equal(exitCodeFor(report([synced, failed])), 4);
    assert.equal(exitCodeFor(report([failed, login("a")])), 3);
    assert.equal(exitCodeFor(report([login("a")], { fatal: { kind: "write", message: "" } })), 5);
    assert.equal(exitCodeFor(report([], { fatal: { kind: "config", message: "" } })), 2);
    assert.equal(exitCodeFor(report([], { fatal: { kind: "usage", message: "" } })), 2);
  });
});
