import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import {
  loggedInTokenText,
  registrationCacheFileName,
  registrationScopes,
  reusableRegistration,
} from "../../../src/model/login-cache.js";
import { DEBIAN_PYTHON } from "../../support/consumers.js";

/** The name botocore computes, by Python itself (json.dumps with sort_keys, then SHA1). */
function botocoreName(args: Record<string, unknown>): string | undefined {
  const script =
    "import sys, json, hashlib; a = json.load(sys.stdin); print(hashlib.sha1(json.dumps(a, sort_keys=True).encode('utf-8')).hexdigest())";
  const run = spawnSync(DEBIAN_PYTHON, ["-c", script], {
    input: JSON.stringify(args),
    encoding: "utf8",
  });
  return run.status === 0 ? `${run.stdout.trim()}.json` : undefined;
}

const python = spawnSync(DEBIAN_PYTHON, ["--version"]).status === 0 ? false : "needs python3";

describe("registrationCacheFileName", () => {
  it("is byte for byte the name botocore gives the registration", { skip: python }, () => {
    for (const key of [
      {
        startUrl: "https://acme.awsapps.com/start#/",
        region: "eu-west-1",
        scopes: ["sso:account:access"],
        sessionName: "acme",
      },
      {
        startUrl: "https://x.awsapps.com/start",
        region: "us-east-1",
        scopes: null,
        sessionName: null,
      },
      {
        startUrl: "https://ü.example/start",
        region: "eu-west-1",
        scopes: ["a", "b c"],
        sessionName: 'sé ssion "q"',
      },
    ]) {
      const expected = botocoreName({
        tool: "botocore",
        startUrl: key.startUrl,
        region: key.region,
        scopes: key.scopes,
        session_name: key.sessionName,
      });
      assert.equal(registrationCacheFileName(key), expected, JSON.stringify(key));
    }
  });
});

describe("reusableRegistration", () => {
  const now = new Date(Date.UTC(2026, 10, 22, 12, 0, 0));
  const entry = (expiresAt: string) =>
    JSON.stringify({ clientId: "c", clientSecret: "s", expiresAt, scopes: ["sso:account:access"] });
  it("reuses a registration valid for more than 15 minutes, not one closer to expiry", () => {
    assert.deepEqual(reusableRegistration(entry("2026-11-22T12:16:00Z"), now, "device"), {
      clientId: "c",
      clientSecret: "s",
      expiresAt: new Date(Date.UTC(2026, 10, 22, 12, 16, 0)),
      scopes: ["sso:account:access"],
    });
    assert.equal(reusableRegistration(entry("2026-11-22T12:15:00Z"), now, "device"), undefined);
    assert.equal(reusableRegistration("{", now, "device"), undefined);
    assert.equal(reusableRegistration(JSON.stringify({ clientId: "c" }), now, "device"), undefined);
  });
  it("reuses a registration only for the flow it was made for", () => {
    const pkce = JSON.stringify({
      clientId: "c",
      clientSecret: "s",
      expiresAt: "2026-12-22T12:00:00Z",
      grantTypes: ["authorization_code", "refresh_token"],
    });
    assert.equal(reusableRegistration(pkce, now, "device"), undefined);
    assert.deepEqual(reusableRegistration(pkce, now, "pkce")?.grantTypes, [
      "authorization_code",
      "refresh_token",
    ]);
    assert.equal(reusableRegistration(entry("2026-12-22T12:00:00Z"), now, "pkce"), undefined);
  });
});

describe("loggedInTokenText", () => {
  it("writes the fields and ...Z timestamps botocore reads and refreshes from", () => {
    const text = loggedInTokenText({
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      accessToken: "at",
      expiresAt: new Date(Date.UTC(2026, 10, 22, 20, 0, 0, 123)),
      registration: { clientId: "c", clientSecret: "s", expiresAt: new Date(Date.UTC(2027, 1, 1)) },
      refreshToken: "rt",
    });
    assert.deepEqual(JSON.parse(text), {
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      accessToken: "at",
      expiresAt: "2026-11-22T20:00:00Z",
      clientId: "c",
      clientSecret: "s",
      registrationExpiresAt: "2027-02-01T00:00:00Z",
      refreshToken: "rt",
    });
  });
});

describe("registrationScopes", () => {
  const key = { startUrl: "https://a/start", region: "eu-west-1" };
  it("registers with the configured scopes, else the default for a session, else none", () => {
    assert.deepEqual(registrationScopes({ ...key, scopes: ["a:b"], sessionName: "s" }), ["a:b"]);
    assert.deepEqual(registrationScopes({ ...key, scopes: null, sessionName: "s" }), [
      "sso:account:access",
    ]);
    assert.equal(registrationScopes({ ...key, scopes: null, sessionName: null }), null);
  });
});
