import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rawOptionValues } from "../../../src/cli/raw-option.js";

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
  it("ignores similar names", () => {
    assert.deepEqual(rawOptionValues(["--profiles", "x"], "--profile"), []);
  });
  it("refuses an option with no value: at the end, or followed by another option", () => {
    for (const args of [
      ["--profiles", "x", "--profile"],
      ["--profile", "--dry-run"],
      ["--profile", "-q"],
    ])
      assert.throws(() => rawOptionValues(args, "--profile"), /--profile needs a value/);
  });
  it("takes an empty value and '-' as values", () => {
    assert.deepEqual(
      rawOptionValues(["--profile", "", "--profile=", "--profile", "-"], "--profile"),
      ["", "", "-"],
    );
  });
});
