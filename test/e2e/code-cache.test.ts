import assert from "node:assert/strict";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";

// The bin keeps V8's code cache for the bundle under the user's cache folder (docs/performance.md).
const harness = useHarness();

async function setUp(): Promise<string> {
  const { box, fake } = harness;
  await box.writeConfig(
    sessionConfig("acme", [{ name: "dev", account: "111111111111", role: "R" }]),
  );
  await box.writeToken("acme", tokenBody("tok-cache", inMinutes(60)));
  fake.grant("tok-cache", "111111111111/R");
  return join(box.home, ".cache", "sso-sync", "v8");
}

async function syncs(): Promise<void> {
  const result = await harness.box.run(["--quiet", "--force"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const key = sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id ?? "";
  assert.match(key, /^ASIA/);
}

describe("the code cache", () => {
  it("is written once, private, and then used as it is", async () => {
    const dir = await setUp();
    await syncs();
    const names = (await readdir(dir)).sort();
    assert.deepEqual(
      names.map((name) => name.replace(/-.*/, "")),
      ["packages", "program"],
    );
    const before = await Promise.all(names.map((name) => stat(join(dir, name))));
    for (const file of before) assert.equal(file.mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    await syncs();
    const after = await Promise.all(names.map((name) => stat(join(dir, name))));
    // Used, so not written again (a rejected or missing cache is rewritten at exit).
    assert.deepEqual(
      after.map((file) => [file.ino, file.mtimeMs]),
      before.map((file) => [file.ino, file.mtimeMs]),
    );
  });

  it("a damaged cache costs a compile, not the run, and is replaced", async () => {
    const dir = await setUp();
    await syncs();
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name));
      await writeFile(join(dir, name), bytes.subarray(0, bytes.length >> 1), { mode: 0o600 });
    }
    await syncs();
    for (const name of await readdir(dir)) {
      await writeFile(join(dir, name), Buffer.alloc(4096, 0xff), { mode: 0o600 });
    }
    await syncs();
    const sizes = await Promise.all(
      (await readdir(dir)).map(async (name) => (await stat(join(dir, name))).size),
    );
    assert.ok(
      sizes.every((size) => size > 4096),
      `caches rewritten: ${sizes.join(", ")}`,
    );
  });

  it("a cache folder that cannot be made changes nothing for the run", async () => {
    await setUp();
    await mkdir(join(harness.box.home, ".cache"));
    await writeFile(join(harness.box.home, ".cache", "sso-sync"), "a file where the folder goes");
    await syncs();
    await syncs();
  });
});
