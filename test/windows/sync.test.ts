import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";
import { useWindowsHarness } from "../support/windows-harness.js";
import { windowsSkip } from "../support/wine.js";

const harness = useWindowsHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };

describe("sync on Windows (node.exe under Wine)", { skip: windowsSkip() }, () => {
  it("syncs into a CRLF credentials file and keeps it CRLF", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]).replaceAll("\n", "\r\n"));
    await harness.box.writeToken("acme", tokenBody("tok-w", inMinutes(60)));
    harness.fake.grant("tok-w", "111111111111/Admin");
    await harness.box.writeCredentials("[mine]\r\naws_access_key_id = AKIAMINE\r\n");
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assert.match(text, /^\[mine\]\r\naws_access_key_id = AKIAMINE\r\n/);
    assert.equal(text.replaceAll("\r\n", "").includes("\n"), false, text);
    assert.ok(sectionOf(text, "dev")?.aws_access_key_id);
  });
});
