import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configFailure, usageFailure, writeFailure } from "../../../src/model/result.js";
import { exitCodeFor } from "../../../src/model/sync-result.js";
import { failed, login, report, synced } from "../../support/results.js";

describe("exitCodeFor", () => {
  it("follows the documented precedence", () => {
    assert.equal(exitCodeFor(report([synced])), 0);
    assert.equal(exitCodeFor(report([])), 0);
    assert.equal(exitCodeFor(report([synced, failed])), 4);
    assert.equal(exitCodeFor(report([failed, login("a")])), 3);
    assert.equal(exitCodeFor(report([login("a")], { fatal: writeFailure("") })), 5);
    assert.equal(exitCodeFor(report([], { fatal: configFailure("") })), 2);
    assert.equal(exitCodeFor(report([], { fatal: usageFailure("") })), 2);
  });
});
