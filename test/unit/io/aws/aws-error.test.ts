import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyAwsError, retryKind } from "../../../../src/io/aws/aws-error.js";
import { ProxyError } from "../../../../src/io/aws/proxy-agent.js";

describe("retryKind", () => {
  it("knows throttling by status, by name and by the SDK's retryable trait", () => {
    assert.equal(retryKind({ name: "X", $metadata: { httpStatusCode: 429 } }), "throttled");
    assert.equal(retryKind({ name: "TooManyRequestsException" }), "throttled");
    // STS answers 400 with the code Throttling.
    assert.equal(
      retryKind({ name: "Throttling", $metadata: { httpStatusCode: 400 } }),
      "throttled",
    );
    assert.equal(retryKind({ name: "X", $retryable: { throttling: true } }), "throttled");
  });

  it("retries 5xx, socket timeouts and network errors a few times", () => {
    for (const status of [500, 502, 503, 504])
      assert.equal(retryKind({ name: "X", $metadata: { httpStatusCode: status } }), "transient");
    assert.equal(retryKind({ name: "TimeoutError" }), "transient");
    assert.equal(retryKind({ name: "Error", code: "ECONNRESET" }), "transient");
    assert.equal(retryKind({ name: "Error", cause: { code: "ECONNREFUSED" } }), "transient");
  });

  it("stops on everything else, and on our own deadline", () => {
    assert.equal(retryKind({ name: "AbortError" }), "final");
    assert.equal(
      retryKind({ name: "UnauthorizedException", $metadata: { httpStatusCode: 401 } }),
      "final",
    );
    assert.equal(
      retryKind({ name: "ForbiddenException", $metadata: { httpStatusCode: 403 } }),
      "final",
    );
    assert.equal(retryKind({ name: "X", $metadata: { httpStatusCode: 501 } }), "final");
    assert.equal(retryKind(new SyntaxError("Unexpected token")), "final");
    assert.equal(retryKind(undefined), "final");
  });
});

describe("classifyAwsError", () => {
  const cause = (error: unknown) => classifyAwsError(error).cause;
  it("tells network, TLS, proxy and timeout failures apart", () => {
    assert.equal(cause({ name: "Error", code: "ENOTFOUND" }), "network");
    assert.equal(cause({ name: "Error", cause: { code: "SELF_SIGNED_CERT_IN_CHAIN" } }), "tls");
    assert.equal(cause({ name: "Error", code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }), "tls");
    assert.equal(cause(new ProxyError("http://p:1", 407)), "proxy");
    assert.deepEqual(classifyAwsError(new ProxyError("http://p:1", 503)).proxy, {
      shown: "http://p:1",
      status: 503,
    });
    const unreachable = new ProxyError("http://p:1", undefined, {
      cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
    });
    assert.equal(cause(unreachable), "proxy");
    assert.equal(retryKind(unreachable), "transient");
    assert.equal(retryKind(new ProxyError("http://p:1", 407)), "final");
    assert.equal(cause({ name: "AbortError" }), "timeout");
    assert.equal(cause({ name: "TimeoutError" }), "timeout");
  });
  it("maps the services' answers to causes", () => {
    assert.equal(cause({ name: "UnauthorizedException" }), "unauthorized");
    assert.equal(cause({ name: "InvalidGrantException" }), "unauthorized");
    assert.equal(cause({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } }), "forbidden");
    assert.equal(cause({ name: "ResourceNotFoundException" }), "not-found");
    assert.equal(cause({ name: "Throttling", $metadata: { httpStatusCode: 400 } }), "throttled");
    assert.equal(cause({ name: "X", $metadata: { httpStatusCode: 502 } }), "server");
    assert.equal(cause({ name: "X", $metadata: { httpStatusCode: 400 } }), "bad-request");
    assert.equal(cause({ name: "EndpointError" }), "endpoint");
    assert.equal(cause({ name: "X", $metadata: { httpStatusCode: 407 } }), "proxy");
  });
});
