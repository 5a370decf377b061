import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  authorizeUrl,
  codeChallenge,
  loopbackRedirectUri,
  readPastedRedirect,
  readRedirectQuery,
} from "../../../src/model/pkce.js";

describe("codeChallenge", () => {
  it("is the RFC 7636 appendix B example's S256 challenge", () => {
    assert.equal(
      codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });
  it("refuses a verifier that RFC 7636 does not allow", () => {
    assert.throws(() => codeChallenge("short"));
    assert.throws(() => codeChallenge(`${"a".repeat(42)} `));
    assert.throws(() => codeChallenge("a".repeat(129)));
    const longest = "a".repeat(128);
    assert.equal(codeChallenge(longest), createHash("sha256").update(longest).digest("base64url"));
  });
});

describe("authorizeUrl", () => {
  it("carries every parameter the AWS CLI sends, scopes space-joined as %20", () => {
    const url = authorizeUrl({
      endpoint: "https://oidc.eu-west-1.amazonaws.com/",
      clientId: "cid",
      redirectUri: loopbackRedirectUri(4321),
      state: "st+ate",
      codeChallenge: "ch",
      scopes: ["sso:account:access", "codewhisperer:completions"],
    });
    assert.ok(url.startsWith("https://oidc.eu-west-1.amazonaws.com/authorize?"));
    assert.ok(!url.includes("+"), url);
    const query = new URL(url).searchParams;
    assert.deepEqual(Object.fromEntries(query), {
      response_type: "code",
      client_id: "cid",
      redirect_uri: "http://127.0.0.1:4321/oauth/callback",
      state: "st+ate",
      code_challenge_method: "S256",
      scopes: "sso:account:access codewhisperer:completions",
      code_challenge: "ch",
    });
  });
});

describe("readRedirectQuery", () => {
  const read = (query: string) => readRedirectQuery(new URLSearchParams(query), "S1");
  it("takes the code when the state is ours", () => {
    assert.deepEqual(read("code=abc&state=S1"), { kind: "code", code: "abc" });
  });
  it("refuses another sign-in's state", () => {
    assert.deepEqual(read("code=abc&state=S2"), { kind: "wrong-state" });
  });
  it("reads an error as a refusal, whatever else is there", () => {
    assert.deepEqual(read("error=access_denied&code=abc&state=S1"), {
      kind: "refused",
      detail: "access_denied",
    });
    assert.deepEqual(read("error=x&error_description=no%0Away&state=S1"), {
      kind: "refused",
      detail: "no?way",
    });
  });
  it("names the error itself when the description is empty, not access_denied", () => {
    assert.deepEqual(read("error=invalid_scope&error_description=&state=S1"), {
      kind: "refused",
      detail: "invalid_scope",
    });
  });
  it("calls an error without our state forged, so a stray page cannot pass for a refusal", () => {
    for (const query of [
      "error=access_denied",
      "error=access_denied&state=S2",
      "error=x&state=S1&state=S1",
    ])
      assert.deepEqual(read(query), { kind: "wrong-state" }, query);
  });
  it("calls anything without exactly our state another sign-in's, so it cannot end the login", () => {
    for (const query of ["", "foo=bar", "code=abc", "code=a&state=S1&state=S1", "code=a&state=s1"])
      assert.deepEqual(read(query), { kind: "wrong-state" }, query);
  });
  it("calls anything else with our state junk: missing, empty, repeated or control-laden codes", () => {
    for (const query of [
      "state=S1",
      "code=&state=S1",
      "code=a&code=b&state=S1",
      "code=a%0Ab&state=S1",
      `code=${"x".repeat(5000)}&state=S1`,
    ])
      assert.deepEqual(read(query), { kind: "junk" }, query);
  });
});

describe("readPastedRedirect", () => {
  it("reads the address the browser ended on, with spaces around it", () => {
    assert.deepEqual(
      readPastedRedirect("  http://127.0.0.1:5000/oauth/callback?code=c&state=S1 \n", "S1", 5000),
      { kind: "code", code: "c" },
    );
  });
  it("is undefined for text that is not that address, so the person can paste again", () => {
    for (const text of [
      "",
      "hello",
      "http://127.0.0.1:5000/",
      "http://127.0.0.1:5000/oauth/callback",
      // The callback server answers only its own address: another name or port is not it.
      "http://localhost:5000/oauth/callback?state=S1&code=c",
      "http://127.0.0.1:8400/oauth/callback?state=S1&code=c",
      "https://127.0.0.1:5000/oauth/callback?state=S1&code=c",
    ])
      assert.equal(readPastedRedirect(text, "S1", 5000), undefined, text);
  });
  it("reads a paste with CRLF or a fragment", () => {
    for (const text of [
      "http://127.0.0.1:5000/oauth/callback?code=c&state=S1\r\n",
      "http://127.0.0.1:5000/oauth/callback?code=c&state=S1#/",
      "http://127.0.0.1:5000/oauth/callback?code=c&state=S1#state=other&code=d",
    ])
      assert.deepEqual(readPastedRedirect(text, "S1", 5000), { kind: "code", code: "c" }, text);
  });
  it("judges a pasted callback like the callback itself", () => {
    assert.deepEqual(
      readPastedRedirect("http://127.0.0.1:1/oauth/callback?code=c&state=other", "S1", 1),
      { kind: "wrong-state" },
    );
  });
});
