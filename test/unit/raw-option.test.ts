import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rawOptionValues } from "../../src/cli/raw-option.js";

describe("rawOptionValues", () => {
  it("keeps values exactly as typed, in both spellings, up to --", () => {
    const args = [
      "--profile",
      "0123",
      "--quiet",
      "--profile=1e3:x",
      "--profile",
      "a b",
      "--",
      "--profile",
      "after",
    ];
    assert.deepEqual(rawOptionValues(args, "--profile"), ["0123", "1e3:x", "a b"]);
  });
  it("ignores a trailing option without a value and similar names", () => {
    assert.deepEqual(rawOptionValues(["--profiles", "x", "--profile"], "--profile"), []);
  });
});
