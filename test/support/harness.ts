import { after, afterEach, before, beforeEach } from "node:test";
import { type FakeAws, startFakeAws } from "./fake-aws.js";
import { makeSandbox, type Sandbox } from "./sandbox.js";

/** One fake AWS per test file and a fresh sandbox HOME per test. */
export interface Harness {
  readonly fake: FakeAws;
  readonly box: Sandbox;
}

/** Registers the hooks that start the fake, reset its faults, and make and remove sandboxes. */
export function useHarness(): Harness {
  let fake: FakeAws | undefined;
  let box: Sandbox | undefined;
  before(async () => {
    fake = await startFakeAws();
  });
  after(() => fake?.close());
  beforeEach(async () => {
    fake?.reset();
    box = await makeSandbox(fake?.url);
  });
  afterEach(() => box?.cleanup());
  return {
    get fake() {
      if (fake === undefined) throw new Error("the fake is started in before()");
      return fake;
    },
    get box() {
      if (box === undefined) throw new Error("the sandbox is made in beforeEach()");
      return box;
    },
  };
}
