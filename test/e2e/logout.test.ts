import assert from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { describe, it } from "node:test";
import { sessionConfig } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { exists, loginSteps } from "../support/login-helpers.js";
import { collect, inMinutes, type RunResult, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const { tokenFile } = loginSteps(harness);
const DEV = { name: "dev", account: "111111111111", role: "Admin" };

async function loggedIn(accessToken: string): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", {
    startUrl: "https://acme.awsapps.com/start#/",
    region: "eu-west-1",
    accessToken,
    expiresAt: inMinutes(120),
  });
  harness.fake.grant(accessToken, "111111111111/Admin");
}

/** A loopback port that takes connections and never answers (a black-hole portal). */
async function blackHole(): Promise<{
  url: string;
  connections(): number;
  close(): Promise<void>;
}> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs logout; a run still going after `limitMs` is killed, so a hang fails instead of hanging. */
async function logout(
  args: readonly string[],
  env: Record<string, string>,
  limitMs: number,
): Promise<RunResult> {
  const child = harness.box.start(["logout", ...args], env);
  child.stdin?.end();
  const guard = setTimeout(() => child.kill("SIGKILL"), limitMs);
  return collect(child).finally(() => clearTimeout(guard));
}

describe("sso-sync logout", () => {
  it("--timeout 3 against a portal that never answers: ends, removes the token, says so in one line", async () => {
    await loggedIn("tok-hole");
    const hole = await blackHole();
    try {
      // 20 s is far past --timeout 3 and short of the 30 s (three tries of 10 s) it took before.
      const run = await logout(["--timeout", "3"], { AWS_ENDPOINT_URL_SSO: hole.url }, 20_000);
      assert.equal(run.signal, null, `still running: ${run.stderr}`);
      assert.equal(run.code, 4, run.stderr);
      assert.equal(
        run.stderr,
        `sso-sync: logged out of session acme on this machine (its token file is removed; the session stays valid at the portal until it expires): no answer from the SSO portal for eu-west-1 (${hole.url}) within 3s; try again or raise --timeout\n`,
      );
      assert.ok(!(await exists(tokenFile())), "the token file is removed anyway");
      // --timeout bounds the whole call: the SDK's three tries would each have waited 3 s.
      assert.ok(hole.connections() < 3, `${hole.connections()} tries`);
    } finally {
      await hole.close();
    }
  });

  it("a portal that refuses connections: the token file is removed and one line names the portal", async () => {
    await loggedIn("tok-refused");
    const hole = await blackHole();
    const url = hole.url;
    await hole.close();
    const run = await logout([], { AWS_ENDPOINT_URL_SSO: url }, 60_000);
    assert.equal(run.code, 4, run.stderr);
    assert.equal(run.stderr.split("\n").filter(Boolean).length, 1, run.stderr);
    assert.match(
      run.stderr,
      /^sso-sync: logged out of session acme on this machine .*ECONNREFUSED/,
    );
    assert.doesNotMatch(run.stderr, /\n\s+at |Error:/);
    assert.ok(!(await exists(tokenFile())));
  });

  it("a section left with only the user's keys is reported once, not again on every logout", async () => {
    await loggedIn("tok-1");
    assert.equal((await harness.box.run([])).code, 0);
    const synced = await harness.box.readCredentials();
    await harness.box.writeCredentials(synced.replace("[dev]\n", "[dev]\nmy_own_key = keep\n"));
    const first = await harness.box.run(["logout"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^sso-sync: removed sso-sync's keys from \[dev\]$/m);
    assert.equal(sectionOf(await harness.box.readCredentials(), "dev")?.my_own_key, "keep");
    await loggedIn("tok-2");
    const second = await harness.box.run(["logout"]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stderr, "sso-sync: logged out of session acme\n");
    assert.equal(sectionOf(await harness.box.readCredentials(), "dev")?.my_own_key, "keep");
  });

  it("--timeout and --lock-timeout take seconds; anything else is a usage error", async () => {
    await loggedIn("tok-flags");
    const bad = await harness.box.run(["logout", "--timeout", "soon"]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /--timeout/);
    assert.ok(await exists(tokenFile()), "nothing was done");
  });
});
