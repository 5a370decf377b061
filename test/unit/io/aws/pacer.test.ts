import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { Pacer, ThrottledOut, type Turn } from "../../../../src/io/aws/pacer.js";

// A clock the test moves, and the pacer's timers mocked to move with it: no wall time.
let now = 0;
function advance(ms: number): void {
  now += ms;
  mock.timers.tick(ms);
}

/** Lets promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Asks for a turn and records when it is granted (or refused). */
function ask(pacer: Pacer, endpoint: string, retry = false) {
  const state: { turn?: Turn; error?: unknown } = {};
  pacer.turn(endpoint, retry).then(
    (turn) => {
      state.turn = turn;
    },
    (error: unknown) => {
      state.error = error;
    },
  );
  return state;
}

describe("Pacer", () => {
  beforeEach(() => {
    now = 0;
    mock.timers.enable({ apis: ["setTimeout"] });
  });
  afterEach(() => mock.timers.reset());

  const pacer = (settings: { onThrottled?: () => void } = {}) =>
    new Pacer({ concurrency: 2, timeoutSeconds: 3, clock: () => now, ...settings });

  it("keeps at most `concurrency` requests in flight, over every endpoint", async () => {
    const shared = pacer();
    const asked = [ask(shared, "portal"), ask(shared, "sts"), ask(shared, "portal")];
    await settle();
    assert.deepEqual(
      asked.map((state) => state.turn !== undefined),
      [true, true, false],
    );
    asked[0]?.turn?.done("answered");
    await settle();
    assert.ok(asked[2]?.turn, "a finished request frees its place");
  });

  it("gives the next place to a retry before calls that have not been sent yet", async () => {
    const shared = pacer();
    const first = ask(shared, "portal");
    const second = ask(shared, "portal");
    await settle();
    const fresh = ask(shared, "portal");
    const retry = ask(shared, "portal", true);
    first.turn?.done("answered");
    await settle();
    assert.ok(retry.turn, "the retry went first");
    assert.equal(fresh.turn, undefined);
    second.turn?.done("answered");
    await settle();
    assert.ok(fresh.turn);
  });

  it("paces an endpoint after it throttles, and only that endpoint", async () => {
    const shared = pacer();
    const first = ask(shared, "portal");
    await settle();
    advance(10);
    first.turn?.done("throttled");
    const paced = ask(shared, "portal");
    const other = ask(shared, "sts");
    await settle();
    assert.equal(paced.turn, undefined, "the throttled endpoint waits for its pace");
    assert.ok(other.turn, "another endpoint does not");
    advance(1000);
    await settle();
    assert.ok(paced.turn, "its turn comes when the pace allows");
  });

  it("tells its listener once that an endpoint throttles", async () => {
    let heard = 0;
    const shared = pacer({ onThrottled: () => heard++ });
    for (const endpoint of ["portal", "sts", "oidc"]) {
      const state = ask(shared, endpoint);
      await settle();
      state.turn?.done("throttled");
    }
    assert.equal(heard, 1);
  });

  it("gives up on the waiting calls once the endpoint let nothing through for the budget", async () => {
    const shared = pacer();
    const first = ask(shared, "portal");
    await settle();
    advance(10);
    first.turn?.done("throttled");
    // Three calls, each asking again when throttled, as pacedCall does.
    const calls = [ask(shared, "portal", true), ask(shared, "portal"), ask(shared, "portal")];
    await settle();
    for (let step = 0; step < 40 && !calls.some((state) => state.error); step++) {
      assert.equal(shared.gaveUp("portal"), false, `at ${now} ms`);
      advance(100);
      await settle();
      for (const [index, state] of calls.entries()) {
        if (state.turn === undefined) continue;
        state.turn.done("throttled");
        calls[index] = ask(shared, "portal", true);
      }
      await settle();
    }
    assert.equal(shared.gaveUp("portal"), true);
    assert.ok(now >= 3000, "not before the budget is spent");
    assert.ok(now < 3200, "as soon as it is spent");
    for (const state of calls) {
      assert.ok(state.error instanceof ThrottledOut, "every call still waiting is given up");
      assert.equal(state.error.budgetSeconds, 3);
    }
  });

  it("counts the budget from the last request the endpoint let through", async () => {
    const shared = pacer();
    const first = ask(shared, "portal");
    const second = ask(shared, "portal");
    await settle();
    advance(10);
    first.turn?.done("throttled");
    advance(2000);
    second.turn?.done("answered");
    const third = ask(shared, "portal");
    await settle();
    advance(10);
    third.turn?.done("throttled");
    const waiting = ask(shared, "portal");
    advance(1500);
    await settle();
    assert.ok(now > 3000);
    assert.equal(shared.gaveUp("portal"), false);
    assert.equal(waiting.error, undefined);
    assert.ok(waiting.turn);
    waiting.turn.done("throttled");
    advance(2000);
    assert.equal(shared.gaveUp("portal"), true, "3 s after the last answer that got through");
  });
});
