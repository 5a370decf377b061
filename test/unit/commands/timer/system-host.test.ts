import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { systemTimerHost } from "../../../../src/io/process/timer-host.js";

describe("the real timer host", async () => {
  const root = await mkdtemp(join(tmpdir(), "sso-sync-timer-host-"));
  after(() => rm(root, { recursive: true, force: true }));
  const host = systemTimerHost();

  it("makeDirectory returns the directories it created, outermost first", async () => {
    await mkdir(join(root, "a"));
    assert.deepEqual(await host.makeDirectory(join(root, "a", "b", "c")), [
      join(root, "a", "b"),
      join(root, "a", "b", "c"),
    ]);
    assert.deepEqual(await host.makeDirectory(join(root, "a", "b")), []);
  });

  it("write replaces a file whole; read and modified see it; remove takes it", async () => {
    const path = join(root, "a", "unit");
    await host.write(path, "one\n");
    assert.equal(Buffer.from((await host.read(path)) ?? []).toString(), "one\n");
    assert.equal((await host.modified(path))?.getTime(), (await stat(path)).mtime.getTime());
    await host.remove(path);
    assert.equal(existsSync(path), false);
    assert.equal(await host.read(path), undefined);
    assert.equal(await host.modified(path), undefined);
    await host.remove(path);
  });

  it("remove takes a directory only while it is empty", async () => {
    const dir = join(root, "full");
    await mkdir(dir);
    await writeFile(join(dir, "keep"), "mine\n");
    await host.remove(dir);
    assert.equal(await readFile(join(dir, "keep"), "utf8"), "mine\n");
    await rm(join(dir, "keep"));
    await host.remove(dir);
    assert.equal(existsSync(dir), false);
  });

  it("run says 127 for a helper that is not installed", async () => {
    assert.equal((await host.run(["/nonexistent/sso-sync-helper"])).code, 127);
  });
});
