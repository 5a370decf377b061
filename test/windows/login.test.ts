import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sessionConfig } from "../support/config-text.js";
import { sectionOf, sha1 } from "../support/sandbox.js";
import { useWindowsHarness } from "../support/windows-harness.js";
import { NODE_EXE, windowsPath, windowsSkip } from "../support/wine.js";

const harness = useWindowsHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const BROWSER_SCRIPT = fileURLToPath(new URL("../support/test-browser.js", import.meta.url));

async function neverLoggedIn(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]).replaceAll("\n", "\r\n"));
  harness.fake.login.device.assignments = ["111111111111/Admin"];
  harness.fake.login.device.intervalSeconds = 1;
}

describe("sso-sync login on Windows (node.exe under Wine)", { skip: windowsSkip() }, () => {
  it("a device-code login writes the AWS CLI's token cache, then syncs", async () => {
    await neverLoggedIn();
    const run = await harness.box.run(["login", "--use-device-code", "--no-browser"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /check that it shows the code [0-9A-F]{4}-[0-9A-F]{4}/);
    const token = JSON.parse(
      await readFile(join(harness.box.cacheDir, `${sha1("acme")}.json`), "utf8"),
    ) as Record<string, unknown>;
    assert.equal(typeof token.refreshToken, "string");
    assert.ok(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id);
  });

  it("a browser login through $BROWSER (a Windows program) comes back on 127.0.0.1", async () => {
    await neverLoggedIn();
    const log = join(harness.box.home.home, "browser.log");
    const run = await harness.box.run(["login", "--no-sync"], {
      BROWSER: `"${windowsPath(NODE_EXE)}" "${windowsPath(BROWSER_SCRIPT)}"`,
      TEST_BROWSER_LOG: windowsPath(log),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /logged in to session acme/);
    assert.equal(harness.fake.login.counters.codeTokens, 1);
    assert.equal((await readFile(log, "utf8")).split("\n").filter(Boolean).length, 1);
    assert.ok((await stat(join(harness.box.cacheDir, `${sha1("acme")}.json`))).isFile());
  });
});
