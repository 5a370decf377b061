import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { DEBIAN_PYTHON, interopSkip } from "../support/consumers.js";
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
const PROFILES = Array.from({ length: 20 }, (_, index) => `p${String(index).padStart(2, "0")}`);
const PROCESSES = 50;
const ROUNDS = Number(process.env.SSO_SYNC_STRESS_ROUNDS ?? 3);
const botocore = interopSkip() === false;

describe("50 concurrent sso-sync processes on one credentials file", () => {
  it(`keep every section exactly once and every hand-written byte, ${ROUNDS} rounds`, async () => {
    const env = await stressSetup(harness, PROFILES, 100000000000);
    harness.fake.behaviour.latencyMs = 5;
    const random = seeded(20261122);
    const synced = new Set<string>();
    for (let round = 1; round <= ROUNDS; round++) {
      // Overlapping sets: every process takes 5 of 20 profiles, some by glob.
      const runs = Array.from({ length: PROCESSES }, () => {
        const picked = Array.from(
          { length: 5 },
          () => PROFILES[Math.floor(random() * PROFILES.length)] ?? "p00",
        );
        if (random() < 0.2) picked.push(`p1${Math.floor(random() * 10)}*`);
        for (const name of picked) if (!name.endsWith("*")) synced.add(name);
        for (const glob of picked.filter((name) => name.endsWith("*")))
          synced.add(glob.slice(0, -1));
        return start(
          [
            "--force",
            "--quiet",
            "--lock-timeout",
            "120",
            ...picked.flatMap((name) => ["--profile", name]),
          ],
          env,
        );
      });
      const results = await Promise.all(runs);
      for (const result of results)
        assert.equal(result.code, 0, `round ${round}: ${result.stderr}`);
      const text = await harness.box.readCredentials();
      assert.ok(text.startsWith(HAND_WRITTEN), `round ${round}: a hand-written byte changed`);
      const sections = sectionsOf(text);
      for (const name of synced) {
        const copies = sections.get(name) ?? [];
        assert.equal(copies.length, 1, `round ${round}: [${name}] appears ${copies.length} times`);
        for (const key of SECTION_KEYS)
          assert.ok(copies[0]?.get(key), `round ${round}: [${name}] lacks ${key}`);
      }
      assert.deepEqual(
        await leftovers(harness.box.awsDir),
        [],
        `round ${round}: lock or temp file left`,
      );
      if (botocore) {
        // botocore's own parser, strict: a duplicate section or key raises.
        const parse = spawnSync(
          DEBIAN_PYTHON,
          [
            "-c",
            "import sys; from awscli.botocore.configloader import raw_config_parse; print(len(raw_config_parse(sys.argv[1])))",
            harness.box.credentialsFile,
          ],
          { encoding: "utf8" },
        );
        assert.equal(parse.status, 0, parse.stderr);
        assert.equal(Number(parse.stdout), 2 + synced.size);
      }
    }
  });
});
