import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const TERMINAL = fileURLToPath(new URL("../../../src/cli/terminal.js", import.meta.url));

/** Runs `body` in a child whose stdin is a pipe nobody closes; resolves with what it printed. */
function withOpenStdin(body: string): Promise<{ code: number | null; stdout: string }> {
  const script = `import { commandContext } from ${JSON.stringify(TERMINAL)};
const context = commandContext(process.env, [process.execPath, ${JSON.stringify(TERMINAL)}]);
${body}`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  // A safety net so a hang fails the test instead of the suite; not a timing assertion.
  const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout });
    });
  });
}

describe("readLines", () => {
  it("lets go of stdin when aborted before it started reading (the callback won first)", async () => {
    const run = await withOpenStdin(`const stop = new AbortController();
const lines = context.readLines(stop.signal)[Symbol.asyncIterator]();
const first = lines.next();
stop.abort();
process.stdout.write(JSON.stringify(await first));`);
    assert.equal(run.code, 0, "the process ended although stdin stayed open");
    assert.equal(run.stdout, '{"done":true}');
  });

  it("lets go of stdin when aborted while reading", async () => {
    const run = await withOpenStdin(`const stop = new AbortController();
const lines = context.readLines(stop.signal)[Symbol.asyncIterator]();
const first = lines.next();
setImmediate(() => setImmediate(() => stop.abort()));
process.stdout.write(JSON.stringify(await first));`);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '{"done":true}');
  });
});
