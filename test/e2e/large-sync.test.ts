import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SMALL_HEAP_JOBS } from "../../src/io/process/heap-mode.js";
import { botocoreRead } from "../support/botocore-reader.js";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes } from "../support/sandbox.js";

const harness = useHarness();

describe("a sync of many profiles", () => {
  it(`writes every section right when it fetches ${SMALL_HEAP_JOBS} profiles (the small-heap mode), and no code cache`, async () => {
    const profiles = Array.from({ length: SMALL_HEAP_JOBS }, (_, index) => ({
      name: `p${index}`,
      account: String(100000000000 + index),
      role: "Big",
    }));
    await harness.box.writeConfig(sessionConfig("big", profiles));
    await harness.box.writeToken("big", tokenBody("tok-big", inMinutes(60)));
    harness.fake.grant("tok-big", ...profiles.map((profile) => `${profile.account}/Big`));
    const run = await harness.box.run(["--quiet"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    const [reading] = botocoreRead([await harness.box.readCredentials()]);
    if (reading === undefined || !reading.ok) return assert.fail("botocore cannot read the file");
    const sections = reading.sections;
    for (const profile of profiles) {
      const section: Record<string, string> | undefined = sections[profile.name];
      const issued = harness.fake.issued.get(section?.aws_access_key_id ?? "");
      assert.equal(issued?.accountId, profile.account, profile.name);
      assert.equal(section?.aws_secret_access_key, issued?.secretAccessKey, profile.name);
      assert.equal(section?.aws_session_token, issued?.sessionToken, profile.name);
    }
    assert.equal(harness.fake.issued.size, SMALL_HEAP_JOBS);
    // The heap mode changed V8's flags, so the run wrote no code cache (a plain run would refuse
    // it); a run of fewer profiles writes one.
    const caches = join(harness.box.home, ".cache", "sso-sync", "v8");
    assert.deepEqual(existsSync(caches) ? readdirSync(caches) : [], []);
    await harness.box.writeConfig(sessionConfig("big", profiles.slice(0, SMALL_HEAP_JOBS - 1)));
    assert.equal((await harness.box.run(["--quiet", "--force"])).code, 0);
    assert.notDeepEqual(readdirSync(caches), []);
  });
});
