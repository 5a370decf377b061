import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { pacedCall } from "../../../../src/io/aws/paced-call.js";
import { Pacer, ThrottledOut } from "../../../../src/io/aws/pacer.js";

// The pacer's clock and every timer move only when the test says: no wall time.
let now = 0;

/** Moves time in small steps until `promise` settles; its outcome. */
async function drive<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const outcome: { value?: T; error?: unknown; settled?: boolean } = {};
  promise.then(
    (value) => Object.assign(outcome, { value, settled: true }),
    (error: unknown) => Object.assign(outcome, { error, settled: true }),
  );
  for (let step = 0; step < 2000 && !outcome.settled; step++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    now += 10;
    mock.timers.tick(10);
  }
  assert.ok(outcome.settled, "the call ended");
  return outcome;
}

const throttle = () =>
  Object.assign(new Error("Rate exceeded"), {
    name: "TooManyRequestsException",
    $metadata: { httpStatusCode: 429 },
  });
const unavailable = () =>
  Object.assign(new Error("Unavailable"), {
    name: "ServiceUnavailableException",
    $metadata: { httpStatusCode: 503 },
  });
const forbidden = () =>
  Object.assign(new Error("No access"), {
    name: "ForbiddenException",
    $metadata: { httpStatusCode: 403 },
  });

/** A send that fails with each error in turn, then answers "ok". */
function scripted(...errors: Array<() => Error>) {
  const calls = { count: 0 };
  const send = async () => {
    const fail = errors[calls.count++];
    if (fail !== undefined) throw fail();
    return "ok";
  };
  return { calls, send };
}

describe("pacedCall", () => {
  let heard = 0;
  let pacer: Pacer;
  beforeEach(() => {
    now = 0;
    heard = 0;
    mock.timers.enable({ apis: ["setTimeout"] });
    pacer = new Pacer({
      concurrency: 4,
      timeoutSeconds: 3,
      clock: () => now,
      onThrottled: () => heard++,
    });
  });
  afterEach(() => mock.timers.reset());

  it("retries throttling at the endpoint's pace until it gets through", async () => {
    const { calls, send } = scripted(throttle, throttle, throttle, throttle, throttle, throttle);
    const outcome = await drive(pacedCall(pacer, "portal eu-west-1", send));
    assert.equal(outcome.value, "ok");
    assert.equal(calls.count, 7, "more than the SDK's 4 attempts");
    assert.equal(heard, 1);
  });

  it("gives up with ThrottledOut once the endpoint let nothing through for --timeout", async () => {
    const send = async () => {
      throw throttle();
    };
    const outcome = await drive(pacedCall(pacer, "portal eu-west-1", send));
    assert.ok(outcome.error instanceof ThrottledOut);
    assert.equal(outcome.error.budgetSeconds, 3);
    assert.ok(outcome.error.attempts > 4, `${outcome.error.attempts} attempts`);
    assert.ok(now >= 3000, "not before the budget is spent");
  });

  it("retries 5xx three times, then throws the last error with the attempts", async () => {
    const { calls, send } = scripted(unavailable, unavailable, unavailable, unavailable);
    const outcome = await drive(pacedCall(pacer, "portal eu-west-1", send));
    assert.equal(calls.count, 4);
    assert.equal((outcome.error as Error).name, "ServiceUnavailableException");
    assert.equal((outcome.error as { $metadata: { attempts: number } }).$metadata.attempts, 4);
    assert.equal(heard, 0, "a 5xx is not throttling");
  });

  it("does not retry an answer that retrying cannot change", async () => {
    const { calls, send } = scripted(forbidden);
    const outcome = await drive(pacedCall(pacer, "portal eu-west-1", send));
    assert.equal(calls.count, 1);
    assert.equal((outcome.error as Error).name, "ForbiddenException");
  });

  it("counts transient failures across throttles, and a throttle does not end the call", async () => {
    const { calls, send } = scripted(unavailable, throttle, unavailable, throttle, unavailable);
    const outcome = await drive(pacedCall(pacer, "portal eu-west-1", send));
    assert.equal(outcome.value, "ok");
    assert.equal(calls.count, 6);
  });
});
