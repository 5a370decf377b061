import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reportJson } from "../../../../src/commands/sync/report-json.js";
import { formatReport } from "../../../../src/commands/sync/report-text.js";
import { writeFailure } from "../../../../src/model/result.js";
import type { ProfileResult } from "../../../../src/model/sync-result.js";
import { failed, login, report, synced } from "../../../support/results.js";

const now = new Date(Date.UTC(2026, 10, 22, 12, 0, 0));
describe("formatReport", () => {
  it("prints one line per profile, one per session needing login, and a summary", () => {
    const lines = formatReport(report([synced, login("a"), login("b"), failed]), now, {
      quiet: false,
      color: false,
    });
    assert.deepEqual(lines, [
      "✔ dev → [dev] valid until 2026-11-22T13:00:00Z (in 1 hour)",
      "! login needed for a, b: the SSO session has expired; run: sso-sync login --sso-session acme (or aws sso login --sso-session acme)",
      "✖ prod: role Admin is not assigned to you in account 1",
      "sso-sync: 1 synced, 0 fresh, 2 need login, 1 failed → /h/.aws/credentials",
    ]);
  });
  it("agrees the summary's verb with its count", () => {
    const summary = (results: ProfileResult[]) =>
      formatReport(report(results), now, { quiet: false, color: false }).at(-1);
    assert.match(summary([login("a")]) ?? "", /, 1 needs login,/);
    assert.match(summary([]) ?? "", /, 0 need login,/);
  });
  it("prints nothing when quiet and all is well", () => {
    assert.deepEqual(formatReport(report([synced]), now, { quiet: true, color: false }), []);
  });
  it("keeps problems when quiet", () => {
    assert.equal(
      formatReport(report([synced, failed]), now, { quiet: true, color: false }).length,
      1,
    );
  });
  it("colours only when asked", () => {
    assert.ok(
      formatReport(report([synced]), now, { quiet: false, color: true })[0]?.includes("\u001b[32m"),
    );
    assert.ok(
      !formatReport(report([synced]), now, { quiet: false, color: false })
        .join("")
        .includes("\u001b"),
    );
  });
  it("describes a dry run", () => {
    const lines = formatReport(
      report([{ profile: "dev", section: "dev", status: "would-sync", action: "created" }], {
        dryRun: true,
      }),
      now,
      { quiet: false, color: false },
    );
    assert.deepEqual(lines, [
      "· dev → [dev] would be created (dry run)",
      "sso-sync: dry run: 1 would be written to /h/.aws/credentials, 0 fresh, 0 need login, 0 failed; nothing was changed",
    ]);
  });
  it("ends with the fatal error", () => {
    const lines = formatReport(report([], { fatal: writeFailure("cannot write x") }), now, {
      quiet: true,
      color: false,
    });
    assert.deepEqual(lines, ["sso-sync: cannot write x"]);
  });
});

describe("reportJson", () => {
  it("is parseable, stable and carries no credential values", () => {
    const parsed = JSON.parse(reportJson(report([synced, failed])));
    assert.equal(parsed.version, 1);
    assert.equal(parsed.exitCode, 4);
    assert.deepEqual(parsed.profiles[0], {
      profile: "dev",
      section: "dev",
      status: "synced",
      action: "updated",
      expiration: "2026-11-22T13:00:00Z",
      failure: null,
      reason: null,
      loginCommand: null,
      awsLoginCommand: null,
    });
    assert.deepEqual(Object.keys(parsed).sort(), [
      "backupFile",
      "credentialsFile",
      "dryRun",
      "error",
      "exitCode",
      "fileProblems",
      "profiles",
      "version",
    ]);
  });
});
