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

  it("blames a key under a repeated header on that header, not on the section before it", () => {
    // configparser stops at line 5 ("section 'a' already exists"); line 6 is a key of the
    // second [a], and [b] has no duplicate key.
    const problems = parseIni("[a]\nk = 1\n[b]\nk = 2\n[a]\nk = 3\n").problems;
    assert.deepEqual(problems[0], { line: 5, message: "duplicate section [a]" });
    assert.deepEqual(
      problems.filter((problem) => problem.message.includes("[b]")),
      [],
    );
  });
});
