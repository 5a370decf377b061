import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assessToken, refreshedCacheText } from "../../../src/model/sso-token.js";
import { tokenCacheFileName } from "../../../src/model/token-file-name.js";

const now = new Date(Date.UTC(2026, 10, 22, 12, 0, 0));
const at = (minutes: number) =>
  new Date(now.getTime() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const entry = (fields: Record<string, unknown>) =>
  JSON.stringify({
    startUrl: "https://acme.awsapps.com/start",
    region: "eu-west-1",
    accessToken: "tok",
    refreshToken: "rt",
    clientId: "cid",
    clientSecret: "csecret",
    registrationExpiresAt: at(60 * 24),
    ...fields,
  });

describe("tokenCacheFileName", () => {
  it("is the SHA1 of the exact start URL or session name (values from Python's hashlib)", () => {
    assert.equal(
      tokenCacheFileName("https://acme.awsapps.com/start#/"),
      "c6d639881a667f24a09a6102eec603882048966b.json",
    );
    assert.equal(tokenCacheFileName("acme"), "293abb6b76d7791c0732cc517d38c4b5c734b87f.json");
  });
});

describe("assessToken of a legacy token (no refresh)", () => {
  const token = (fields: Record<string, unknown>) =>
    JSON.stringify({ startUrl: "u", region: "r", ...fields });
  const judge = (text: string) => assessToken(text, now, false);
  it("uses a token that has not expired", () => {
    assert.deepEqual(judge(token({ accessToken: "abc", expiresAt: "2026-11-22T13:00:00Z" })), {
      kind: "use",
      token: { accessToken: "abc", expiresAt: new Date(Date.UTC(2026, 10, 22, 13)) },
      canRefresh: false,
    });
  });
  it("reads the old CLI's UTC suffix and finds a past one expired", () => {
    assert.deepEqual(judge(token({ accessToken: "abc", expiresAt: "2021-04-16T00:26:08UTC" })), {
      kind: "login",
      problem: "expired",
    });
    assert.equal(
      judge(token({ accessToken: "abc", expiresAt: "2099-04-16T00:26:08UTC" })).kind,
      "use",
    );
  });
  it("treats the exact expiry instant as expired", () => {
    assert.deepEqual(judge(token({ accessToken: "abc", expiresAt: "2026-11-22T12:00:00Z" })), {
      kind: "login",
      problem: "expired",
    });
  });
  it("never treats an unreadable date as valid", () => {
    for (const expiresAt of ["tomorrow", 1_900_000_000])
      assert.deepEqual(judge(token({ accessToken: "abc", expiresAt })), {
        kind: "login",
        problem: "bad-expiry",
      });
  });
  it("refuses garbled JSON and wrong types", () => {
    assert.deepEqual(judge("{"), { kind: "login", problem: "garbled" });
    assert.deepEqual(judge("[]"), { kind: "login", problem: "garbled" });
    assert.deepEqual(judge("null"), { kind: "login", problem: "garbled" });
    assert.deepEqual(judge(token({ accessToken: 42, expiresAt: "2099-01-01T00:00:00Z" })), {
      kind: "login",
      problem: "no-access-token",
    });
  });
});

describe("assessToken (botocore's refresh rules)", () => {
  it("uses a session token with more than 15 minutes left, and says it can refresh", () => {
    const result = assessToken(entry({ expiresAt: at(16) }), now, true);
    assert.equal(result.kind, "use");
    assert.equal(result.kind === "use" && result.canRefresh, true);
  });

  it("refreshes at 15 minutes or less, keeping the current token as a fallback", () => {
    const result = assessToken(entry({ expiresAt: at(15) }), now, true);
    assert.equal(result.kind, "refresh");
    assert.equal(result.kind === "refresh" && result.current?.accessToken, "tok");
    assert.equal(result.kind === "refresh" && result.grant.refreshToken, "rt");
  });

  it("refreshes an expired token with no fallback", () => {
    const result = assessToken(entry({ expiresAt: at(-60) }), now, true);
    assert.deepEqual(result.kind === "refresh" && result.current, undefined);
    assert.equal(result.kind, "refresh");
  });

  it("never refreshes a legacy token; uses it until it expires", () => {
    assert.equal(assessToken(entry({ expiresAt: at(5) }), now, false).kind, "use");
    assert.deepEqual(assessToken(entry({ expiresAt: at(-1) }), now, false), {
      kind: "login",
      problem: "expired",
    });
  });

  it("needs all four grant fields", () => {
    for (const field of ["refreshToken", "clientId", "clientSecret", "registrationExpiresAt"]) {
      const result = assessToken(entry({ expiresAt: at(-1), [field]: undefined }), now, true);
      assert.deepEqual(result, { kind: "login", problem: "expired" }, field);
    }
  });

  it("refuses an expired client registration, in the CLI's old UTC form too", () => {
    for (const stamp of [at(-1), "2026-11-22T11:00:00UTC"]) {
      const result = assessToken(
        entry({ expiresAt: at(-1), registrationExpiresAt: stamp }),
        now,
        true,
      );
      assert.deepEqual(result, { kind: "login", problem: "registration-expired" }, stamp);
    }
  });

  it("treats a garbled entry as a login", () => {
    assert.deepEqual(assessToken("{", now, true), { kind: "login", problem: "garbled" });
    assert.deepEqual(assessToken("[1]", now, true), { kind: "login", problem: "garbled" });
  });
});

describe("refreshedCacheText", () => {
  it("writes the new token, a ...Z expiry, the rotated refresh token, and keeps other fields", () => {
    const text = entry({ expiresAt: at(-1), extra: [1, 2] });
    const written = JSON.parse(
      refreshedCacheText(
        text,
        { accessToken: "new", expiresInSeconds: 3600, refreshToken: "rt2" },
        now,
      ),
    );
    assert.equal(written.accessToken, "new");
    assert.equal(written.expiresAt, "2026-11-22T13:00:00Z");
    assert.equal(written.refreshToken, "rt2");
    assert.deepEqual(written.extra, [1, 2]);
    assert.equal(written.clientSecret, "csecret");
  });

  it("keeps the old refresh token when the service did not rotate it", () => {
    const text = entry({ expiresAt: at(-1) });
    const written = JSON.parse(
      refreshedCacheText(text, { accessToken: "n", expiresInSeconds: 60 }, now),
    );
    assert.equal(written.refreshToken, "rt");
  });
});
