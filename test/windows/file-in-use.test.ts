import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";
import { useWindowsHarness } from "../support/windows-harness.js";
import { NODE_EXE, startWine, type WineChild, windowsPath, windowsSkip } from "../support/wine.js";

const harness = useWindowsHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const MINE = "[mine]\r\naws_access_key_id = AKIAMINE\r\n";

// A second Windows program with the file open for reading, as an editor or a scanner keeps it:
// it says it is ready, then closes the file only when the test creates the release file.
const HOLDER = `const fs = require("node:fs");
const [file, ready, release] = process.argv.slice(2);
const fd = fs.openSync(file, "r");
fs.writeFileSync(ready, "open");
const poll = setInterval(() => {
  if (!fs.existsSync(release)) return;
  fs.closeSync(fd);
  clearInterval(poll);
}, 10);
`;

interface Holder {
  readonly wine: WineChild;
  release(): Promise<void>;
}

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  // Bounded so a broken holder fails the test rather than hanging it; not a timing assertion.
  for (let i = 0; i < 3000; i++) {
    if (await condition()) return;
    await sleep(5);
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function holdOpen(path: string): Promise<Holder> {
  const dir = harness.box.home.home;
  // .cjs: a package.json with "type": "module" in a folder above would make a .js file ESM.
  const script = join(dir, "holder.cjs");
  await writeFile(script, HOLDER);
  const ready = join(dir, "holder-ready");
  const release = join(dir, "holder-release");
  const wine = await startWine(
    NODE_EXE,
    [script, path, ready, release].map((linux) => windowsPath(linux)),
    {},
  );
  await until(() => existsSync(ready), "the holder to open the file");
  return {
    wine,
    release: async () => {
      await writeFile(release, "");
      const ended = await wine.done;
      assert.equal(ended.code, 0, ended.stderr);
    },
  };
}

async function tempFiles(): Promise<string[]> {
  return (await readdir(harness.box.awsDir)).filter((name) => name.endsWith(".tmp"));
}

async function setup(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", tokenBody("tok-h", inMinutes(60)));
  harness.fake.grant("tok-h", "111111111111/Admin");
  await harness.box.writeCredentials(MINE);
}

describe("credentials file held open by another Windows program", { skip: windowsSkip() }, () => {
  it("waits while the file is held and writes once the holder closes it", async () => {
    await setup();
    const holder = await holdOpen(harness.box.credentialsFile);
    const sync = harness.box.run([]);
    // The temp file exists once the sync is trying to replace the credentials file: only then
    // does the holder let go, so the first rename certainly met the open file.
    await until(async () => (await tempFiles()).length > 0, "the sync's temp file");
    await holder.release();
    const run = await sync;
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assert.ok(text.startsWith(MINE), text);
    assert.ok(sectionOf(text, "dev")?.aws_access_key_id);
    assert.deepEqual(await tempFiles(), []);
  });

  it("gives up with exit 5 and one line when the holder never closes it", async () => {
    await setup();
    const holder = await holdOpen(harness.box.credentialsFile);
    try {
      const run = await harness.box.run([]);
      assert.equal(run.code, 5, run.stderr);
      assert.match(
        run.stderr,
        /cannot write .*credentials: another program holds it open .*; nothing was changed/,
      );
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
      assert.equal(await harness.box.readCredentials(), MINE);
      assert.deepEqual(await tempFiles(), [], "temp file removed");
      assert.equal(existsSync(`${harness.box.credentialsFile}.lock`), false, "lock released");
    } finally {
      await holder.release();
    }
  });
});
