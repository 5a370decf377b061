import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eventPrinter } from "../../../src/cli/event-printer.js";

describe("eventPrinter", () => {
  it("says on the progress line which endpoint a slow call waits for", () => {
    const written: string[] = [];
    const print = eventPrinter((text) => written.push(text));
    print({ kind: "progress", done: 1, total: 3 });
    print({ kind: "waiting", endpoint: "portal eu-west-1" });
    assert.equal(
      written.at(-1),
      "\r\u001b[Ksso-sync: 1/3 fetched; waiting for an answer from the SSO portal in eu-west-1",
    );
    print({ kind: "progress", done: 3, total: 3 });
    assert.equal(written.at(-1), "\r\u001b[K", "the line is gone when the run is done");
  });
  it("says it on a line of its own, once per endpoint, when there is no progress line", () => {
    const written: string[] = [];
    const print = eventPrinter((text) => written.push(text));
    print({ kind: "waiting", endpoint: "oidc us-east-1" });
    print({ kind: "waiting", endpoint: "oidc us-east-1" });
    assert.deepEqual(written, ["sso-sync: waiting for an answer from SSO-OIDC in us-east-1\n"]);
  });
});
