import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { useWindowsHarness } from "../support/windows-harness.js";
import { WINDOWS_USER, WINE_PREFIX, windowsSkip } from "../support/wine.js";

const harness = useWindowsHarness();
const MARKER = "Written by sso-sync timer install; remove with: sso-sync timer uninstall";
// The Windows user's %LOCALAPPDATA%\sso-sync and the task Wine's Task Scheduler keeps.
const appDir = join(WINE_PREFIX, "drive_c", "users", WINDOWS_USER, "AppData", "Local", "sso-sync");
const xmlFile = join(appDir, "sso-sync-task.xml");
const registered = join(WINE_PREFIX, "drive_c", "windows", "system32", "tasks", "sso-sync");

describe("timer on Windows: the Task Scheduler", { skip: windowsSkip() }, () => {
  afterEach(async () => {
    await rm(appDir, { recursive: true, force: true });
    await rm(registered, { force: true });
  });

  it("install --print shows the task XML and the schtasks command, and changes nothing", async () => {
    const run = await harness.box.run(["timer", "install", "--print", "--every", "1h"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# C:\\users\\.*\\AppData\\Local\\sso-sync\\sso-sync-task\.xml$/m);
    assert.match(run.stdout, /<Interval>PT1H<\/Interval>/);
    assert.match(run.stdout, /<Command>C:\\windows\\System32\\conhost\.exe<\/Command>/i);
    assert.match(
      run.stdout,
      /&quot;--min-validity&quot; &quot;1h15m&quot; &gt;&gt; &quot;C:\\users\\.*\\sso-sync\.log&quot; 2&gt;&amp;1/,
    );
    assert.ok(run.stdout.includes(MARKER));
    assert.match(
      run.stdout,
      /^schtasks \/Create \/TN sso-sync \/XML C:\\users\\.*\\sso-sync-task\.xml \/F$/m,
    );
    assert.equal(existsSync(xmlFile), false);
    assert.equal(existsSync(registered), false);
  });

  it("install registers the task through schtasks, status sees it, uninstall removes both", async () => {
    const run = await harness.box.run(["timer", "install"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /timer installed/);
    const bytes = await readFile(xmlFile);
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], "UTF-16 with a byte-order mark");
    assert.ok(bytes.subarray(2).toString("utf16le").includes(MARKER));
    // Wine's Task Scheduler parsed the definition and stored it.
    assert.ok((await readFile(registered, "utf8")).includes(MARKER));
    const status = await harness.box.run(["timer", "status"]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^installed: .*sso-sync-task\.xml$/m);
    assert.match(status.stdout, /^logs: C:\\users\\.*\\sso-sync\.log$/m);
    const gone = await harness.box.run(["timer", "uninstall"]);
    assert.equal(gone.code, 0, gone.stderr);
    assert.equal(existsSync(xmlFile), false);
    assert.equal(existsSync(registered), false);
    const after = await harness.box.run(["timer", "status"]);
    assert.match(after.stdout, /no sso-sync timer is installed/);
  });

  it("leaves a task file it did not write alone (exit 5)", async () => {
    await mkdir(appDir, { recursive: true });
    await writeFile(xmlFile, "<Task>mine</Task>");
    for (const action of ["install", "uninstall"]) {
      const run = await harness.box.run(["timer", action]);
      assert.equal(run.code, 5, run.stderr);
      assert.match(run.stderr, /was not written by sso-sync timer install; leaving it alone/);
    }
    assert.equal(await readFile(xmlFile, "utf8"), "<Task>mine</Task>");
    assert.equal(existsSync(registered), false);
  });
});
