import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateToken, tokenCacheFileName } from "../../src/model/sso-token.js";

const now = new Date(Date.UTC(2026, 10, 22, 12, 0, 0));

describe("tokenCacheFileName", () => {
  it("is the SHA1 of the exact start URL or session name (values from Python's hashlib)", () => {
    assert.equal(
      tokenCacheFileName("https://acme.awsapps.com/start#/"),
      "c6d639881a667f24a09a6102eec603882048966b.json",
    );
    assert.equal(tokenCacheFileName("acme"), "293abb6b76d7791c0732cc517d38c4b5c734b87f.json");
  });
});

describe("evaluateToken", () => {
  const token = (fields: Record<string, unknown>) =>
    JSON.stringify({ startUrl: "u", region: "r", ...fields });
  it("accepts a token that has not expired", () => {
    const state = evaluateToken(
      token({ accessToken: "abc", expiresAt: "2026-11-22T13:00:00Z" }),
      now,
    );
    assert.deepEqual(state, {
      ok: true,
      token: { accessToken: "abc", expiresAt: new Date(Date.UTC(2026, 10, 22, 13)) },
    });
  });
  it("reads the old CLI's UTC suffix and finds a past one expired", () => {
    assert.deepEqual(
      evaluateToken(token({ accessToken: "abc", expiresAt: "2021-04-16T00:26:08UTC" }), now),
      { ok: false, problem: "expired" },
    );
    assert.equal(
      evaluateToken(token({ accessToken: "abc", expiresAt: "2099-04-16T00:26:08UTC" }), now).ok,
      true,
    );
  });
  it("treats the exact expiry instant as expired", () => {
    assert.deepEqual(
      evaluateToken(token({ accessToken: "abc", expiresAt: "2026-11-22T12:00:00Z" }), now),
      { ok: false, problem: "expired" },
    );
  });
  it("never treats an unreadable date as valid", () => {
    assert.deepEqual(evaluateToken(token({ accessToken: "abc", expiresAt: "tomorrow" }), now), {
      ok: false,
      problem: "bad-expiry",
    });
    assert.deepEqual(evaluateToken(token({ accessToken: "abc", expiresAt: 1_900_000_000 }), now), {
      ok: false,
      problem: "bad-expiry",
    });
  });
  it("refuses garbled JSON and wrong types", () => {
    assert.deepEqual(evaluateToken("{", now), { ok: false, problem: "garbled" });
    assert.deepEqual(evaluateToken("[]", now).ok, false);
    assert.deepEqual(evaluateToken("null", now), { ok: false, problem: "garbled" });
    assert.deepEqual(
      evaluateToken(token({ accessToken: 42, expiresAt: "2099-01-01T00:00:00Z" }), now),
      { ok: false, problem: "no-access-token" },
    );
  });
});
