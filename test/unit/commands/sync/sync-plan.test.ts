import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planSync } from "../../../../src/commands/sync/sync-plan.js";
import { parseIniDocument } from "../../../../src/model/ini-document.js";
import type { TokenState } from "../../../../src/model/sso-token.js";
import { target, valid } from "../../../support/targets.js";

describe("planSync", () => {
  const doc = parseIniDocument(
    "[mine]\naws_access_key_id = AKIA\n[ours]\nsso_sync_profile = ours\n",
  );
  const tokens = new Map<string, TokenState>([
    ["acme", valid],
    ["gone", { state: "unusable", problem: "expired" }],
  ]);

  it("fetches what may be written and decides the rest without I/O", () => {
    const plan = planSync(
      [
        target("new"),
        target("ours"),
        target("mine"),
        target("late", "late", "gone"),
        {
          profileName: "bad",
          section: "bad",
          profile: { profile: "bad", message: "missing sso_region" },
        },
      ],
      tokens,
      doc,
      false,
      "/c",
    );
    assert.deepEqual(
      plan.jobs.map((job) => [job.target.profileName, job.action]),
      [
        ["new", "created"],
        ["ours", "updated"],
      ],
    );
    const decided = new Map(plan.decided.map((result) => [result.profile, result]));
    assert.equal(decided.get("mine")?.failure, "unowned");
    assert.equal(decided.get("late")?.status, "login-needed");
    assert.equal(decided.get("late")?.loginCommand, "sso-sync login --sso-session gone");
    assert.equal(decided.get("bad")?.reason, "missing sso_region");
  });

  it("plans a take-over only when asked", () => {
    const plan = planSync([target("mine")], tokens, doc, true, "/c");
    assert.equal(plan.jobs[0]?.action, "took-over");
  });
});
