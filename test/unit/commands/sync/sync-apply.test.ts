import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFetched } from "../../../../src/commands/sync/sync-apply.js";
import { planSync } from "../../../../src/commands/sync/sync-plan.js";
import { sectionEntries } from "../../../../src/model/credentials-keys.js";
import { parseCredentials, renderCredentials } from "../../../../src/model/ini-document.js";
import type { RoleCredentials } from "../../../../src/model/role-credentials.js";
import { target, valid } from "../../../support/targets.js";

const credentials: RoleCredentials = {
  accessKeyId: "ASIA1",
  secretAccessKey: "s/+",
  sessionToken: "t==",
  expiration: new Date(Date.UTC(2026, 10, 22, 13)),
};

describe("applyFetched", () => {
  it("writes both token keys with the same value and the ownership marker last", () => {
    assert.deepEqual(sectionEntries(credentials, "dev"), [
      ["aws_access_key_id", "ASIA1"],
      ["aws_secret_access_key", "s/+"],
      ["aws_session_token", "t=="],
      ["aws_security_token", "t=="],
      ["aws_credential_expiration", "2026-11-22T13:00:00Z"],
      // starship's aws module reads this one (RFC 3339), not aws_credential_expiration.
      ["x_security_token_expires", "2026-11-22T13:00:00Z"],
      ["sso_sync_profile", "dev"],
    ]);
  });

  /** The job planned for profile dev over a credentials file `text`. */
  function planDev(text: string, takeOver: boolean) {
    const planned = planSync(
      [target("dev")],
      new Map([["acme", valid]]),
      parseCredentials(text),
      takeOver,
      "/c",
    );
    const job = planned.jobs[0];
    assert.ok(job);
    return job;
  }

  it("fails a job whose section became someone else's after planning", () => {
    const job = planDev("", false);
    const raced = parseCredentials("[dev]\naws_access_key_id = AKIA\n");
    const applied = applyFetched(raced, [{ job, credentials }], false, "/c");
    assert.equal(applied.results[0]?.status, "failed");
    assert.equal(applied.results[0]?.failure, "unowned");
    assert.equal(renderCredentials(applied.doc), "[dev]\naws_access_key_id = AKIA\n");
  });

  it("reports a take-over so a backup is made", () => {
    const job = planDev("[dev]\nk = v\n", true);
    const applied = applyFetched(
      parseCredentials("[dev]\nk = v\n"),
      [{ job, credentials }],
      true,
      "/c",
    );
    assert.equal(applied.tookOver, true);
    assert.equal(applied.results[0]?.action, "took-over");
  });

  it("marks a profile whose name botocore would strip with a JSON string", () => {
    assert.deepEqual(sectionEntries(credentials, " sp ").at(-1), ["sso_sync_profile", '" sp "']);
  });

  it("fails alone a job whose portal answer botocore could not read back", () => {
    const job = planDev("", false);
    const other = { ...job, target: target("ops") };
    const broken = { ...credentials, sessionToken: "t==\ninjected = 1" };
    const applied = applyFetched(
      parseCredentials(""),
      [
        { job, credentials: broken },
        { job: other, credentials },
      ],
      false,
      "/c",
    );
    assert.equal(applied.results[0]?.status, "failed");
    assert.equal(applied.results[0]?.failure, "portal");
    assert.match(applied.results[0]?.reason ?? "", /aws_session_token for \[dev\] .*line break/);
    assert.equal(applied.results[1]?.status, "synced");
    assert.doesNotMatch(renderCredentials(applied.doc), /injected|\[dev\]/);
  });
});
