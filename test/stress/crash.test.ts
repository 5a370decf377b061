import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { useHarness } from "../support/harness.js";
import {
  HAND_WRITTEN,
  leftovers,
  SECTION_KEYS,
  sectionsOf,
  seeded,
  start,
  stressSetup,
} from "./stress-support.js";

const harness = useHarness();
const PROFILES = Array.from({ length: 10 }, (_, index) => `c${index}`);
const KILLS = Number(process.env.SSO_SYNC_CRASH_ROUNDS ?? 250);

/** The access key of each profile's section, or undefined when there is none. */
function keysOf(text: string): Array<string | undefined> {
  const sections = sectionsOf(text);
  return PROFILES.map((name) => sections.get(name)?.[0]?.get("aws_access_key_id"));
}

describe("SIGKILL at random points of a sync", () => {
  it(`leaves the old file or the new one, never a mix, ${KILLS} times; the next run recovers`, async (t) => {
    const env = await stressSetup(harness, PROFILES, 200000000000);
    const random = seeded(42);
    let previous = await harness.box.readCredentials();
    const outcomes = { unchanged: 0, replaced: 0, completed: 0, killedAfterWriting: 0 };
    for (let round = 0; round < KILLS; round++) {
      // Kill points spread over start-up, the portal call, the lock and the write; the delay
      // only chooses where to kill, nothing is asserted about time.
      const result = await start(
        ["--force", "--quiet", "--lock-timeout", "0"],
        env,
        Math.floor(random() * 500),
      );
      if (result.signal === null) outcomes.completed++;
      const text = await readFile(harness.box.credentialsFile, "utf8");
      assert.ok(text.startsWith(HAND_WRITTEN), `round ${round}: hand-written bytes changed`);
      assert.ok(text.endsWith("\n"), `round ${round}: the file ends mid-line`);
      const sections = sectionsOf(text);
      for (const name of PROFILES) {
        const copies = sections.get(name) ?? [];
        assert.ok(copies.length <= 1, `round ${round}: [${name}] twice`);
        for (const key of SECTION_KEYS)
          if (copies.length === 1)
            assert.ok(copies[0]?.get(key), `round ${round}: [${name}] lacks ${key}`);
      }
      if (text === previous) {
        outcomes.unchanged++;
        continue;
      }
      // One run writes all ten sections in one rename: every key is new, or none is.
      const before = keysOf(previous);
      const after = keysOf(text);
      assert.ok(
        after.every((key) => key !== undefined),
        `round ${round}: some sections missing`,
      );
      assert.ok(
        after.every((key, index) => key !== before[index]),
        `round ${round}: old and new keys mixed`,
      );
      outcomes.replaced++;
      if (result.signal !== null) outcomes.killedAfterWriting++;
      previous = text;
    }
    t.diagnostic(`outcomes: ${JSON.stringify(outcomes)}`);
    assert.ok(
      outcomes.unchanged > 0 && outcomes.replaced > 0,
      `both outcomes exercised: ${JSON.stringify(outcomes)}`,
    );
    // A killed run may have held the lock: the next one takes it over once it is stale (5 s).
    const recovery = await start(["--force", "--lock-timeout", "30"], env);
    assert.equal(recovery.code, 0, recovery.stderr);
    assert.deepEqual(await leftovers(harness.box.awsDir), []);
    assert.ok(
      keysOf(await harness.box.readCredentials()).every(
        (key, index) => key !== keysOf(previous)[index],
      ),
    );
  });
});
