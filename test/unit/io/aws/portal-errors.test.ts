import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ThrottledOut } from "../../../../src/io/aws/pacer.js";
import { classifyPortalError, portalEndpoint } from "../../../../src/io/aws/portal-errors.js";

const request = {
  region: "eu-west-1",
  endpoint: "https://portal.sso.eu-west-1.amazonaws.com",
  accountId: "111111111111",
  roleName: "Admin",
};
const kind = (error: unknown) => classifyPortalError(error, request, 5);

describe("classifyPortalError", () => {
  it("maps service errors by name and by status", () => {
    assert.equal(kind({ name: "UnauthorizedException" }).kind, "login-needed");
    assert.equal(kind({ name: "X", $metadata: { httpStatusCode: 401 } }).kind, "login-needed");
    assert.deepEqual(kind({ name: "ForbiddenException", $metadata: { httpStatusCode: 403 } }), {
      kind: "forbidden",
      message:
        "role Admin is not assigned to you in account 111111111111; check sso_account_id and sso_role_name, or ask your administrator for the assignment",
    });
    assert.equal(kind({ name: "ResourceNotFoundException" }).kind, "not-found");
    assert.deepEqual(kind({ name: "UnknownError", $metadata: { httpStatusCode: 404 } }), {
      kind: "portal",
      message:
        "HTTP 404 from https://portal.sso.eu-west-1.amazonaws.com: that is not the SSO portal; check AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL (or sso_region when neither is set)",
    });
    assert.match(
      kind({ name: "TooManyRequestsException", $metadata: { httpStatusCode: 429, attempts: 4 } })
        .message,
      /after 4 attempts/,
    );
    assert.match(
      kind({ name: "InternalServerException", $metadata: { httpStatusCode: 503, attempts: 4 } })
        .message,
      /HTTP 503 after 4 attempts/,
    );
    assert.equal(kind({ name: "InvalidRequestException", message: "bad" }).kind, "portal");
  });
  it("names the region and endpoint of network failures", () => {
    const failure = kind(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }));
    assert.deepEqual(failure, {
      kind: "network",
      message:
        "cannot reach the SSO portal for eu-west-1 (https://portal.sso.eu-west-1.amazonaws.com): ECONNREFUSED; check the network and AWS_ENDPOINT_URL_SSO",
    });
    assert.equal(kind({ name: "Error", cause: { code: "ENOTFOUND" } }).kind, "network");
  });
  it("reports timeouts with the limit", () => {
    assert.match(kind({ name: "AbortError" }).message, /within 5s/);
    assert.equal(kind({ name: "TimeoutError" }).kind, "timeout");
  });
  it("explains an endpoint that cannot be resolved (FIPS or dual-stack settings)", () => {
    assert.match(
      kind({ name: "EndpointError", message: "FIPS is not supported with custom endpoints" })
        .message,
      /cannot resolve the SSO portal endpoint for eu-west-1: FIPS/,
    );
  });
  it("says how long the portal let nothing through when pacing gave up", () => {
    const gaveUp = Object.assign(new ThrottledOut("portal eu-west-1", 20), { attempts: 9 });
    assert.deepEqual(kind(gaveUp), {
      kind: "throttled",
      message:
        "the SSO portal for eu-west-1 (https://portal.sso.eu-west-1.amazonaws.com) kept throttling requests (429): no request of this run got through for 20s (9 attempts); try again later or raise --timeout",
    });
    assert.doesNotMatch(kind(new ThrottledOut("portal eu-west-1", 20)).message, /attempt/);
  });
  it("falls back to a portal failure for anything else", () => {
    assert.equal(kind("weird").kind, "portal");
    assert.equal(kind(null).kind, "portal");
  });
});

describe("portalEndpoint", () => {
  it("follows AWS_ENDPOINT_URL_SSO, then AWS_ENDPOINT_URL, then the AWS host", () => {
    assert.equal(portalEndpoint("us-east-1", {}), "https://portal.sso.us-east-1.amazonaws.com");
    assert.equal(portalEndpoint("us-east-1", { AWS_ENDPOINT_URL: "http://b" }), "http://b");
    assert.equal(
      portalEndpoint("us-east-1", {
        AWS_ENDPOINT_URL: "http://b",
        AWS_ENDPOINT_URL_SSO: "http://a",
      }),
      "http://a",
    );
  });
});
