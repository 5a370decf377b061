import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lock } from "proper-lockfile";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes } from "../support/sandbox.js";
import { noScript, runOnTerminal } from "../support/terminal.js";

const harness = useHarness();
const MANY = Array.from({ length: 12 }, (_, index) => ({
  name: `p${index}`,
  account: String(100000000000 + index),
  role: "R",
}));

async function manyProfiles(): Promise<Record<string, string>> {
  await harness.box.writeConfig(sessionConfig("acme", MANY));
  await harness.box.writeToken("acme", tokenBody("tok-tty", inMinutes(120)));
  harness.fake.grant("tok-tty", ...MANY.map((profile) => `${profile.account}/R`));
  return {
    HOME: harness.box.home,
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    AWS_ENDPOINT_URL_SSO: harness.fake.url,
  };
}

describe("what a person at a terminal sees while a run works", () => {
  it("a progress line, replaced in place and cleared before the report", {
    skip: noScript,
  }, async () => {
    const env = await manyProfiles();
    const run = await runOnTerminal("--concurrency 2", env);
    assert.equal(run.code, 0, run.output);
    const clear = "\r\u001b[K";
    assert.ok(run.output.includes(`${clear}sso-sync: 1/12 fetched`), run.output);
    assert.ok(run.output.includes(`${clear}sso-sync: 11/12 fetched`), run.output);
    assert.ok(run.output.includes(`${clear}✔ p0 → [p0]`), "cleared before the report");
    assert.match(run.output, /12 synced, 0 fresh/);
  });

  it("no progress in a pipe, with --json or with --quiet", { skip: noScript }, async () => {
    const env = await manyProfiles();
    const piped = await harness.box.run(["--force"]);
    assert.doesNotMatch(piped.stderr, /fetched/);
    for (const flag of ["--json", "--quiet"]) {
      const run = await runOnTerminal(`--force ${flag}`, env);
      assert.equal(run.code, 0, run.output);
      assert.doesNotMatch(run.output, /fetched/, flag);
    }
  });

  it("says once what it is waiting for while another run holds the lock", {
    skip: noScript,
  }, async () => {
    const env = await manyProfiles();
    const release = await lock(harness.box.credentialsFile, {
      realpath: false,
      lockfilePath: `${harness.box.credentialsFile}.lock`,
    });
    const later = setTimeout(() => void release(), 1500);
    try {
      const run = await runOnTerminal("--lock-timeout 20", env);
      assert.equal(run.code, 0, run.output);
      const notices = run.output.match(/waiting for another sso-sync to release \S+credentials/g);
      assert.equal(notices?.length, 1, run.output);
      assert.match(run.output, /12 synced/);
    } finally {
      clearTimeout(later);
    }
  });
});
