import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { chmod, mkdir, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const isRoot = process.getuid?.() === 0;

async function loggedIn(token = "tok-special"): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", tokenBody(token, inMinutes(120)));
  harness.fake.grant(token, "111111111111/Admin");
}

function fifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

// Every run here would hang or spin without the fix; --timeout and the harness bound them.
describe("paths that are not regular files", () => {
  it("a device as the credentials file is refused at once and never replaced (exit 5)", async () => {
    await loggedIn();
    for (const device of ["/dev/null", "/dev/zero"]) {
      const run = await harness.box.run([], { AWS_SHARED_CREDENTIALS_FILE: device });
      assert.equal(run.code, 5, `${device}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`${device} is a character device, not a regular file`));
      assert.ok((await stat(device)).isCharacterDevice(), `${device} is still a device`);
    }
  });

  it("a FIFO as the credentials file: sync, status, clean and doctor answer at once", async () => {
    await loggedIn();
    fifo(harness.box.credentialsFile);
    const expected: Array<[string[], number]> = [
      [[], 5],
      [["status"], 5],
      [["clean"], 5],
      [["doctor"], 6],
    ];
    for (const [args, code] of expected) {
      const run = await harness.box.run(args);
      assert.equal(run.code, code, `${args.join(" ")}: ${run.stderr}${run.stdout}`);
      assert.match(`${run.stderr}${run.stdout}`, /is a FIFO \(named pipe\), not a regular file/);
    }
    assert.ok((await stat(harness.box.credentialsFile)).isFIFO());
  });

  it("a FIFO as the config is exit 2, as the token cache exit 3", async () => {
    await loggedIn();
    execFileSync("rm", [harness.box.configFile]);
    fifo(harness.box.configFile);
    const config = await harness.box.run([]);
    assert.equal(config.code, 2, config.stderr);
    assert.match(config.stderr, /config is a FIFO \(named pipe\), not a regular file/);
    execFileSync("rm", [harness.box.configFile]);
    await loggedIn();
    const cache = join(harness.box.cacheDir, readdirSync(harness.box.cacheDir)[0] ?? "");
    execFileSync("rm", [cache]);
    fifo(cache);
    const token = await harness.box.run([]);
    assert.equal(token.code, 3, token.stderr);
    assert.match(
      token.stderr,
      /the cached SSO token cannot be read; run: sso-sync login .* \(or aws sso login /,
    );
  });

  it("a path under /proc that cannot be created fails at once (exit 5), no spinning mkdir", async () => {
    await loggedIn();
    const run = await harness.box.run([], {
      AWS_SHARED_CREDENTIALS_FILE: "/proc/1/nope/credentials",
    });
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, /cannot (write|read) \/proc\/1\/nope\/credentials/);
  });

  it("a config past the size cap is refused with a clear line (exit 2)", async () => {
    await loggedIn();
    await truncate(harness.box.configFile, 20 * 1024 * 1024);
    const run = await harness.box.run([]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /config is 20 MiB, more than the 16 MiB sso-sync reads/);
  });
});

describe("tokens and answers sso-sync cannot use", () => {
  it("an access token with a line break or NUL asks for a login at once (exit 3)", async () => {
    for (const token of ["tok\r\nX-Injected: 1", "tok\u0000"]) {
      await loggedIn(token);
      const run = await harness.box.run(["--timeout", "60"]);
      assert.equal(run.code, 3, run.stderr);
      assert.match(
        run.stderr,
        /accessToken holds control characters.*; run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
      );
      assert.equal(harness.fake.counters.portalRequests, 0, "nothing was sent");
    }
  });

  it("an expiration outside the date range fails that profile alone (exit 4), no 'Invalid time value'", async () => {
    await loggedIn();
    await harness.box.writeCredentials("[mine]\nk = v\n");
    harness.fake.behaviour.credentialLifetimeMs = 9e15;
    const run = await harness.box.run(["--timeout", "60"]);
    assert.equal(run.code, 4, run.stderr);
    assert.doesNotMatch(run.stderr, /Invalid time value/);
    assert.match(run.stderr, /✖ dev: /);
    assert.equal(await harness.box.readCredentials(), "[mine]\nk = v\n");
  });
});

describe("modes, owners and locks", () => {
  it("a 0400 credentials file stays 0400; a 0644 one becomes 0600", async () => {
    await loggedIn();
    for (const [before, after] of [
      [0o400, 0o400],
      [0o644, 0o600],
    ] as const) {
      await harness.box.writeCredentials("[mine]\nk = v\n");
      await chmod(harness.box.credentialsFile, before);
      const run = await harness.box.run(["--force"]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal((await stat(harness.box.credentialsFile)).mode & 0o777, after);
      assert.ok(sectionOf(await harness.box.readCredentials(), "dev"));
    }
  });

  it("root creating the file in a user's ~/.aws gives it the directory's owner", {
    skip: isRoot ? false : "needs root",
  }, async () => {
    await loggedIn();
    // The whole HOME is the user's: root works there as they would (see root-links.test.ts).
    assert.equal(spawnSync("chown", ["-R", "4242:4343", harness.box.home]).status, 0);
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const info = await stat(harness.box.credentialsFile);
    assert.deepEqual([info.uid, info.gid], [4242, 4343]);
  });

  it("a regular file at credentials.lock is named, and nothing changes (exit 5)", async () => {
    await loggedIn();
    await harness.box.writeCredentials("[mine]\nk = v\n");
    await writeFile(`${harness.box.credentialsFile}.lock`, "not a lock\n");
    const run = await harness.box.run(["--lock-timeout", "1"]);
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, /credentials\.lock is a file, not a lock sso-sync can take/);
    assert.equal(await harness.box.readCredentials(), "[mine]\nk = v\n");
  });

  it("a missing ~/.aws is created 0700", async () => {
    await loggedIn();
    const nested = join(harness.box.home, "deep", "er", "credentials");
    const run = await harness.box.run([], { AWS_SHARED_CREDENTIALS_FILE: nested });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await stat(join(harness.box.home, "deep"))).mode & 0o777, 0o700);
    await mkdir(join(harness.box.home, "unused"), { recursive: true });
  });
});
