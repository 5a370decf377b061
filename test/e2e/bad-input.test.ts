import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { legacyConfig, sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "R" };

async function loggedIn(profiles = [DEV]): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", profiles));
  await harness.box.writeToken("acme", tokenBody("tok-bad", inMinutes(60)));
  harness.fake.grant("tok-bad", ...profiles.map((profile) => `${profile.account}/${profile.role}`));
}

function noStack(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at |internal error/, "a clear error, no stack trace");
}

describe("bad input", () => {
  it("binary garbage as config: exit 2, one line, the credentials file untouched", async () => {
    await harness.box.writeCredentials("[keep]\na = 1\n");
    await writeFile(harness.box.configFile, randomBytes(4096));
    const run = await harness.box.run([]);
    assert.equal(run.code, 2);
    // Random bytes are not UTF-8, which botocore refuses before it parses a line.
    assert.match(run.stderr, /config is not UTF-8 text; the AWS CLI cannot read it either/);
    noStack(run.stderr);
    assert.equal(await harness.box.readCredentials(), "[keep]\na = 1\n");
  });

  it("a config path that cannot be read (a file used as a directory): exit 2", async () => {
    await writeFile(harness.box.configFile, "");
    const run = await harness.box.run([], { AWS_CONFIG_FILE: join(harness.box.configFile, "x") });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no AWS config file at .*config\/x|cannot read .*config\/x/);
    noStack(run.stderr);
  });

  it("a token cache with wrong types asks for a login (exit 3) for each shape", async () => {
    await loggedIn();
    for (const body of [
      { accessToken: ["tok"], expiresAt: inMinutes(60) },
      { accessToken: "tok", expiresAt: 1_900_000_000 },
      { accessToken: "tok", expiresAt: { when: "later" } },
    ]) {
      await harness.box.writeToken("acme", body);
      const run = await harness.box.run([]);
      assert.equal(run.code, 3, JSON.stringify(body));
      assert.match(
        run.stderr,
        /the cached SSO token has no (accessToken|readable expiresAt); run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
      );
    }
    await writeFile(
      join(harness.box.cacheDir, "293abb6b76d7791c0732cc517d38c4b5c734b87f.json"),
      "[1, 2]",
    );
    const array = await harness.box.run([]);
    assert.equal(array.code, 3);
    assert.match(array.stderr, /not valid JSON|garbled|the cached SSO token/);
    assert.equal(harness.fake.counters.portalRequests, 0);
  });

  it("a 10 MB credentials file: synced, every byte kept", async () => {
    await loggedIn();
    const block = (index: number) =>
      `[bulk-${index}]\naws_access_key_id = AKIA${String(index).padStart(16, "0")}\naws_secret_access_key = ${"s".repeat(40)}\n\n`;
    const parts: string[] = [];
    let size = 0;
    for (let index = 0; size < 10 * 1024 * 1024; index++) {
      const text = block(index);
      parts.push(text);
      size += text.length;
    }
    const big = parts.join("");
    await harness.box.writeCredentials(big);
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assert.ok(text.startsWith(big), "the 10 MB stay byte for byte");
    assert.ok(sectionOf(text.slice(big.length), "dev")?.aws_access_key_id);
  });

  it("deep symlinks are followed up to the system limit; past it, a clear error (exit 5)", async () => {
    await loggedIn();
    const target = join(harness.box.home, "real-credentials");
    await writeFile(target, "[keep]\na = 1\n", { mode: 0o600 });
    let previous = target;
    for (let index = 0; index < 45; index++) {
      const link = join(harness.box.home, `link-${index}`);
      await symlink(previous, link);
      previous = link;
    }
    const shallow = await harness.box.run([], {
      AWS_SHARED_CREDENTIALS_FILE: join(harness.box.home, "link-9"),
    });
    assert.equal(shallow.code, 0, shallow.stderr);
    assert.ok(sectionOf(await readFile(target, "utf8"), "dev"), "the link's target was written");
    const deep = await harness.box.run(["--force"], { AWS_SHARED_CREDENTIALS_FILE: previous });
    assert.equal(deep.code, 5, deep.stderr);
    assert.match(deep.stderr, /link-44.*(too many|symbolic link|ELOOP)/i);
    noStack(deep.stderr);
  });

  it("profile names with unicode and shell metacharacters sync, and commands are quoted", async () => {
    const odd = [
      { name: "ünï.cödé", account: "111111111111", role: "R" },
      // No lone quote: botocore splits the header like a shell and skips an unclosed quote.
      { name: "a;b&c|d$e`f~g", account: "222222222222", role: "R" },
    ];
    await loggedIn(odd);
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    for (const profile of odd)
      assert.ok(sectionOf(text, profile.name)?.aws_access_key_id, profile.name);
    await harness.box.writeConfig(
      legacyConfig({ name: "x;rm$(id)~", account: "1", role: "R" }, "https://q.awsapps.com/start"),
    );
    const login = await harness.box.run([]);
    assert.equal(login.code, 3);
    const [, command, aws] =
      /run: (sso-sync login .*) \(or (aws sso login .*)\)$/m.exec(login.stderr) ?? [];
    // Each printed command, pasted into a shell, passes the name through as one word.
    for (const [pasted, program, words] of [
      [command, /^sso-sync /, "login\n--profile\nx;rm$(id)~\n"],
      [aws, /^aws /, "sso\nlogin\n--profile\nx;rm$(id)~\n"],
    ] as const) {
      assert.match(pasted ?? "", program, login.stderr);
      const echoed = spawnSync("sh", ["-c", (pasted ?? "").replace(program, "printf '%s\\n' ")], {
        encoding: "utf8",
      });
      assert.equal(echoed.stdout, words);
    }
  });
});

const chattr = spawnSync("sh", ["-c", "command -v chattr"]).status === 0;

describe("a read-only ~/.aws", () => {
  it("fails with exit 5 and changes nothing (immutable directory, as root can still be refused)", async (t) => {
    await loggedIn();
    await harness.box.writeCredentials("[keep]\na = 1\n");
    const lock = spawnSync("chattr", ["+i", harness.box.awsDir], { encoding: "utf8" });
    if (!chattr || lock.status !== 0) {
      t.skip(`cannot make a read-only directory here: ${lock.stderr || "no chattr"}`);
      return;
    }
    try {
      const run = await harness.box.run([]);
      assert.equal(run.code, 5, run.stderr);
      assert.match(run.stderr, /credentials.*(not permitted|permission|read-only)/i);
      assert.match(run.stderr, /nothing was changed/);
      noStack(run.stderr);
    } finally {
      spawnSync("chattr", ["-i", harness.box.awsDir]);
    }
    assert.equal(await harness.box.readCredentials(), "[keep]\na = 1\n");
    assert.equal(existsSync(`${harness.box.credentialsFile}.lock`), false);
  });
});
