import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatTimestamp, parseExpiry } from "../../../src/model/expiry.js";

// Whole seconds between 1970 and 2200: the range the token cache and the portal can hold.
const instant = fc
  .integer({ min: 0, max: 7_258_118_400 })
  .map((seconds) => new Date(seconds * 1000));

/** The same instant in every form the AWS CLI has written, computed without the product code. */
function forms(date: Date, millis: number): string[] {
  const iso = date.toISOString().slice(0, 19);
  const fraction = String(millis).padStart(3, "0");
  return [
    `${iso}Z`,
    `${iso}UTC`,
    `${iso}.${fraction}Z`,
    `${iso}+00:00`,
    `${iso}.${fraction}+00:00`,
  ];
}

describe("expiry parser properties", () => {
  it("every form of one instant parses to that instant", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 999 }), (date, millis) => {
        const [plain, utc, fractional, offset, fractionalOffset] = forms(date, millis);
        assert.equal(parseExpiry(plain ?? "")?.getTime(), date.getTime());
        assert.equal(parseExpiry(utc ?? "")?.getTime(), date.getTime());
        assert.equal(parseExpiry(offset ?? "")?.getTime(), date.getTime());
        assert.equal(parseExpiry(fractional ?? "")?.getTime(), date.getTime() + millis);
        assert.equal(parseExpiry(fractionalOffset ?? "")?.getTime(), date.getTime() + millis);
      }),
      { numRuns: 500 },
    );
  });

  it("an offset moves the instant by exactly that much", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), (date, minutes) => {
        const sign = minutes < 0 ? "-" : "+";
        const abs = Math.abs(minutes);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
        const text = `${date.toISOString().slice(0, 19)}${zone}`;
        assert.equal(parseExpiry(text)?.getTime(), date.getTime() - minutes * 60_000);
      }),
      { numRuns: 300 },
    );
  });

  it("formatTimestamp round-trips through parseExpiry", () => {
    fc.assert(
      fc.property(instant, (date) => {
        assert.equal(parseExpiry(formatTimestamp(date))?.getTime(), date.getTime());
      }),
    );
  });

  it("any other text never throws and never yields an invalid date", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseExpiry(text);
        assert.ok(parsed === undefined || Number.isFinite(parsed.getTime()), text);
      }),
      { numRuns: 1000 },
    );
  });
});
