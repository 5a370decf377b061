import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseIni } from "../../../src/model/ini-sections.js";

describe("parseIni", () => {
  it("reports duplicate sections and keys with line numbers (botocore refuses them)", () => {
    const parsed = parseIni("[a]\nk = 1\nk = 2\n[a]\n");
    assert.deepEqual(parsed.problems, [
      { line: 3, message: "duplicate key k in [a]" },
      { line: 4, message: "duplicate section [a]" },
    ]);
  });
  it("reports a key before any section", () => {
    assert.equal(parseIni("k = v\n[a]\n").problems[0]?.line, 1);
  });
  it("joins sub-section lines into the parent value", () => {
    const section = parseIni("[p]\ns3 =\n  max_concurrent_requests = 10\nregion = x\n").sections[0];
    assert.equal(section?.values.get("s3"), "\nmax_concurrent_requests = 10");
    assert.equal(section?.values.get("region"), "x");
    assert.equal(section?.values.has("max_concurrent_requests"), false);
  });
  it("reads binary garbage as problems, never throwing", () => {
    const garbage = Buffer.from(
      Array.from({ length: 512 }, (_, index) => (index * 37) % 256),
    ).toString("utf8");
    assert.ok(parseIni(garbage).problems.length > 0);
  });
});
