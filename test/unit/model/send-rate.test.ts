import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SEND_RATE_TUNING, SendRate } from "../../../src/model/send-rate.js";

const TUNING = SEND_RATE_TUNING;

/** Sends every `gap` ms from `from` to `to` (exclusive), answered `accepted` at once. */
function traffic(rate: SendRate, from: number, to: number, gap: number, accepted: boolean): void {
  for (let time = from; time < to; time += gap) {
    rate.sent(time);
    if (accepted) rate.accepted(time);
  }
}

describe("SendRate", () => {
  it("does not pace an endpoint that has never throttled", () => {
    const rate = new SendRate();
    traffic(rate, 0, 100, 1, true);
    assert.equal(rate.perSecond(100), undefined);
    assert.equal(rate.delayMs(100), 0);
    assert.equal(rate.givesUpAt(20_000), undefined);
  });

  it("on the first throttle, drops to `decrease` times the rate it was sending at", () => {
    const rate = new SendRate();
    // 10 sends in the first 100 ms (100/s), too few answers yet to say what the endpoint accepts.
    traffic(rate, 0, 100, 10, false);
    assert.equal(rate.throttled(90, 100), true);
    assert.equal(rate.perSecond(100), 100 * TUNING.decrease);
    assert.ok(Math.abs(rate.delayMs(100) - 1000 / (100 * TUNING.decrease)) < 1e-9);
  });

  it("never keeps a rate far above what the endpoint accepted", () => {
    const rate = new SendRate();
    // A second of 20 accepted answers per second, then a burst of 200 sends in 100 ms.
    traffic(rate, 0, 1000, 50, true);
    traffic(rate, 1000, 1100, 0.5, false);
    rate.throttled(1099, 1100);
    const accepted = (18 * 1000) / 1000; // the answers from 150 ms to 1000 ms are in the window
    assert.equal(rate.perSecond(1100), accepted * TUNING.slack * TUNING.decrease);
  });

  it("lowers once per round: throttles of requests sent before the decrease are old news", () => {
    const rate = new SendRate();
    traffic(rate, 0, 100, 10, false);
    rate.throttled(50, 100);
    const lowered = rate.perSecond(100);
    assert.equal(rate.throttled(60, 105), false);
    assert.equal(rate.throttled(99, 110), false);
    assert.equal(rate.perSecond(100), lowered);
    rate.sent(120);
    assert.equal(rate.throttled(120, 140), true);
    assert.ok((rate.perSecond(140) ?? 0) < (lowered ?? 0));
  });

  it("climbs back linearly over recoveryMs, then doubles each recoveryMs", () => {
    const rate = new SendRate();
    traffic(rate, 0, 100, 10, false);
    rate.throttled(90, 100);
    const ceiling = 100;
    const floor = ceiling * TUNING.decrease;
    const half = 100 + TUNING.recoveryMs / 2;
    assert.equal(rate.perSecond(half), floor + (ceiling - floor) / 2);
    assert.equal(rate.perSecond(100 + TUNING.recoveryMs), ceiling);
    assert.equal(rate.perSecond(100 + 2 * TUNING.recoveryMs), 2 * ceiling);
    assert.equal(rate.perSecond(100 + 3 * TUNING.recoveryMs), 4 * ceiling);
  });

  it("spaces sends by the rate, without drift from a late timer, and one extra after idling", () => {
    const rate = new SendRate();
    traffic(rate, 0, 100, 10, false);
    rate.throttled(90, 100);
    const gap = 1000 / (rate.perSecond(100) ?? 0);
    const first = 100 + gap;
    assert.ok(Math.abs(rate.delayMs(first - 1) - 1) < 1e-9);
    assert.equal(rate.delayMs(first), 0);
    // Sent 2 ms late: the next one is still due about one gap after the first was due.
    rate.sent(first + 2);
    const next = first + 2 + rate.delayMs(first + 2);
    assert.ok(Math.abs(next - (first + gap)) < 0.1, `due at ${next}, not ${first + gap}`);
    // After an idle spell, two sends may go at once, not more.
    const later = first + 500;
    assert.equal(rate.delayMs(later), 0);
    rate.sent(later);
    assert.equal(rate.delayMs(later), 0);
    rate.sent(later);
    assert.ok(rate.delayMs(later) > 0);
  });

  it("never goes below minPerSecond, however much the endpoint refuses", () => {
    const rate = new SendRate();
    let time = 0;
    for (let round = 0; round < 200; round++) {
      rate.sent(time);
      rate.throttled(time, time + 20);
      time += 40;
    }
    assert.equal(rate.perSecond(time - 20), TUNING.minPerSecond);
  });

  it("gives up `budget` after the endpoint last let a request through, while it refuses", () => {
    const rate = new SendRate();
    rate.sent(0);
    rate.accepted(20);
    rate.sent(30);
    assert.equal(rate.givesUpAt(3000), undefined, "not refusing yet");
    rate.throttled(30, 50);
    assert.equal(rate.givesUpAt(3000), 3020);
    rate.sent(60);
    rate.throttled(60, 80);
    assert.equal(rate.givesUpAt(3000), 3020, "more refusals do not move it");
    rate.sent(90);
    rate.accepted(110);
    assert.equal(rate.givesUpAt(3000), undefined, "an accepted answer ends it");
  });

  it("counts from the first send when the endpoint never accepted anything", () => {
    const rate = new SendRate();
    rate.sent(500);
    rate.throttled(500, 520);
    assert.equal(rate.givesUpAt(3000), 3500);
  });

  it("a throttle never raises the rate, nor lowers it under the minimum (any history)", () => {
    const event = fc.record({
      gap: fc.integer({ min: 0, max: 400 }),
      kind: fc.constantFrom("accepted", "throttled", "sent"),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), (events) => {
        const rate = new SendRate();
        let time = 0;
        let lastSent = 0;
        for (const { gap, kind } of events) {
          time += gap;
          if (kind === "sent") {
            rate.sent(time);
            lastSent = time;
          } else if (kind === "accepted") rate.accepted(time);
          else {
            const before = rate.perSecond(time);
            rate.throttled(lastSent, time);
            const after = rate.perSecond(time) ?? 0;
            assert.ok(after >= TUNING.minPerSecond);
            if (before !== undefined) assert.ok(after <= Math.max(before, TUNING.minPerSecond));
          }
        }
      }),
    );
  });
});
