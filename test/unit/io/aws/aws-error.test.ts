import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { retryKind } from "../../../../src/io/aws/aws-error.js";

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
