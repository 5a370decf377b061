import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatTimestamp, parseExpiry } from "../../../src/model/expiry.js";

describe("parseExpiry", () => {
  const instant = Date.UTC(2021, 3, 16, 0, 26, 8);
  const same = [
    "2021-04-16T00:26:08UTC",
    "2021-04-16T00:26:08Z",
    "2021-04-16T00:26:08.000Z",
    "2021-04-16T00:26:08+00:00",
    "2021-04-16T02:26:08+02:00",
    "2021-04-15T19:26:08-0500",
    "2021-04-16 00:26:08Z",
  ];
  for (const text of same) {
    it(`reads ${text}`, () => {
      assert.equal(parseExpiry(text)?.getTime(), instant);
    });
  }
  it("keeps milliseconds and truncates finer fractions", () => {
    assert.equal(parseExpiry("2021-04-16T00:26:08.540Z")?.getTime(), instant + 540);
    assert.equal(parseExpiry("2021-04-16T00:26:08.123456789Z")?.getTime(), instant + 123);
  });
  for (const bad of [
    "",
    "soon",
    "2021-04-16",
    "2021-04-16T00:26:08",
    "2021-13-01T00:00:00Z",
    "2021-02-30T00:00:00Z",
    "1618532768",
    "2021-04-16T25:00:00Z",
  ]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.equal(parseExpiry(bad), undefined);
    });
  }
});

describe("formatTimestamp", () => {
  it("writes ISO-8601 UTC without milliseconds", () => {
    assert.equal(
      formatTimestamp(new Date(Date.UTC(2026, 10, 22, 3, 4, 5, 678))),
      "2026-11-22T03:04:05Z",
    );
  });
  it("round-trips through parseExpiry to the second", () => {
    const date = new Date(Date.UTC(2030, 0, 31, 23, 59, 59));
    assert.equal(parseExpiry(formatTimestamp(date))?.getTime(), date.getTime());
  });
});
