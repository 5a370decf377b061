import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatDuration, parseDuration } from "../../../src/model/duration.js";

describe("parseDuration", () => {
  it("reads units, combinations and bare minutes", () => {
    assert.equal(parseDuration("90s"), 90_000);
    assert.equal(parseDuration("30m"), 1_800_000);
    assert.equal(parseDuration("2h"), 7_200_000);
    assert.equal(parseDuration("1h30m"), 5_400_000);
    assert.equal(parseDuration("1d"), 86_400_000);
    assert.equal(parseDuration("15"), 900_000);
    assert.equal(parseDuration(" 2H "), 7_200_000);
    assert.equal(parseDuration("0"), 0);
  });

  it("refuses anything else", () => {
    for (const text of ["", "m", "soon", "-5m", "5 m", "1w", "1h-30m", "30mm"]) {
      assert.equal(parseDuration(text), undefined, text);
    }
  });

  it("round-trips through formatDuration", () => {
    for (const ms of [1_000, 60_000, 5_400_000, 86_400_000 + 61_000]) {
      assert.equal(parseDuration(formatDuration(ms)), ms);
    }
    assert.equal(formatDuration(1_800_000), "30m");
  });
});
