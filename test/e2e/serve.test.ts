import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { AWS_CLI, interopSkip } from "../support/consumers.js";
import { fixture } from "../support/fixtures.js";
import { useHarness } from "../support/harness.js";
import { CLI, inMinutes, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const execFileAsync = promisify(execFile);
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const OPS = { name: "ops", account: "222222222222", role: "Admin" };

async function loggedIn(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV, OPS]));
  await harness.box.writeToken("acme", tokenBody("tok-serve", inMinutes(120)));
  harness.fake.grant("tok-serve", "111111111111/Admin", "222222222222/Admin");
}

/** What sh sees after eval-ing `sso-sync env` (runs asynchronously: the fake lives in this process). */
async function evalInSh(env: Record<string, string> = {}): Promise<Record<string, string>> {
  const script = `eval "$('${process.execPath}' '${CLI}' env --profile dev)" && env`;
  const { stdout } = await execFileAsync("sh", ["-c", script], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: harness.box.home,
      AWS_ENDPOINT_URL_SSO: harness.fake.url,
      ...env,
    },
  });
  return Object.fromEntries(
    stdout
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

describe("sso-sync env", () => {
  it("prints exports that sh evaluates to the section's keys, region and expiry", async () => {
    await loggedIn();
    const seen = await evalInSh({ AWS_PROFILE: "left-alone" });
    const section = sectionOf(await harness.box.readCredentials(), "dev");
    assert.equal(seen.AWS_ACCESS_KEY_ID, section?.aws_access_key_id);
    assert.equal(seen.AWS_SECRET_ACCESS_KEY, section?.aws_secret_access_key);
    assert.equal(seen.AWS_SESSION_TOKEN, section?.aws_session_token);
    assert.equal(seen.AWS_SECURITY_TOKEN, section?.aws_session_token);
    assert.equal(seen.AWS_CREDENTIAL_EXPIRATION, section?.aws_credential_expiration);
    assert.equal(seen.AWS_REGION, "eu-west-1");
    assert.equal(seen.AWS_DEFAULT_REGION, "eu-west-1");
    assert.equal(seen.SSO_SYNC_PROFILE, "dev");
    const issued = harness.fake.issued.get(seen.AWS_ACCESS_KEY_ID ?? "");
    assert.equal(
      issued?.secretAccessKey,
      seen.AWS_SECRET_ACCESS_KEY,
      "the secret the portal issued",
    );
  });

  it("serves a fresh section offline, and fetches when it is not", async () => {
    await loggedIn();
    assert.equal((await harness.box.run(["env", "--profile", "dev"])).code, 0);
    assert.equal(harness.fake.counters.portalRequests, 1);
    const again = await harness.box.run(["env", "--profile", "dev", "--format", "json"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(harness.fake.counters.portalRequests, 1, "no portal call");
    assert.equal(again.stderr, "");
    assert.equal(JSON.parse(again.stdout).Version, 1);
  });

  it("keeps stdout empty and exits 3 when the session needs login", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const run = await harness.box.run(["env", "--profile", "dev"]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
    );
  });

  it("refuses an unknown format or more than one profile (exit 2)", async () => {
    await loggedIn();
    assert.equal((await harness.box.run(["env", "--profile", "dev", "--format", "csh"])).code, 2);
    const many = await harness.box.run(["env", "--profile", "*"]);
    assert.equal(many.code, 2);
    assert.match(many.stderr, /must name one profile; it matches dev, ops/);
  });

  it("prints LF-only text for every POSIX format", async () => {
    await loggedIn();
    for (const format of ["sh", "fish", "dotenv"]) {
      const run = await harness.box.run(["env", "--profile", "dev", "--format", format]);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!run.stdout.includes("\r"), format);
    }
  });
});

/** Runs `sso-sync exec` with the fake reachable, resolving with its exit code or signal. */
function execRun(
  args: string[],
  env: Record<string, string> = {},
  onSpawn?: (pid: number) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "exec", ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: harness.box.home,
        AWS_ENDPOINT_URL_SSO: harness.fake.url,
        NO_COLOR: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("ready") && child.pid !== undefined) onSpawn?.(child.pid);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe("sso-sync exec", () => {
  it("gives the child the credentials without variables that would shadow them, and its exit code", async () => {
    await loggedIn();
    const names = [
      "AWS_PROFILE",
      "AWS_DEFAULT_PROFILE",
      "AWS_ACCESS_KEY_ID",
      "AWS_REGION",
      "SSO_SYNC_PROFILE",
    ];
    const child = `console.log(JSON.stringify(${JSON.stringify(names)}.map((n) => process.env[n] ?? null))); process.exit(7);`;
    const run = await execRun(["--profile", "dev", "--", process.execPath, "-e", child], {
      AWS_PROFILE: "prod",
      AWS_DEFAULT_PROFILE: "prod",
      AWS_ACCESS_KEY_ID: "AKIASTALE",
    });
    assert.equal(run.code, 7, run.stderr);
    const key = sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id;
    assert.deepEqual(JSON.parse(run.stdout), [null, null, key, "eu-west-1", "dev"]);
  });

  it("passes SIGTERM and SIGINT on to the child and returns what the child returns", async () => {
    await loggedIn();
    for (const [signal, code] of [
      ["SIGTERM", 42],
      ["SIGINT", 43],
    ] as const) {
      // A node child, not sh: a shell may not trap a signal it inherited as ignored (background jobs).
      const child = `process.on("${signal}", () => process.exit(${code})); console.log("ready"); setInterval(() => {}, 1000);`;
      const run = await execRun(
        ["--profile", "dev", "--", process.execPath, "-e", child],
        {},
        (pid) => process.kill(pid, signal),
      );
      assert.equal(run.code, code, `${signal}: ${run.stderr}`);
    }
  });

  it("dies of the signal that killed the child", async () => {
    await loggedIn();
    const run = await execRun(["--profile", "dev", "--", "sh", "-c", "kill -KILL $$"]);
    assert.equal(run.signal, "SIGKILL");
  });

  it("does not run the command when there are no credentials (exit 3)", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const run = await execRun(["--profile", "dev", "--", "sh", "-c", "echo ran"]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
    );
  });

  it("says so when the command does not exist (127)", async () => {
    await loggedIn();
    const run = await execRun(["--profile", "dev", "--", "no-such-command-sso-sync"]);
    assert.equal(run.code, 127);
    assert.match(run.stderr, /no-such-command-sso-sync: command not found/);
  });

  it("refuses to nest inside another profile's credentials, allows the same one", async () => {
    await loggedIn();
    const nested = await execRun(["--profile", "dev", "--", "true"], { SSO_SYNC_PROFILE: "ops" });
    assert.equal(nested.code, 2);
    assert.match(nested.stderr, /already holds sso-sync credentials for profile ops/);
    assert.equal(
      (await execRun(["--profile", "dev", "--", "true"], { SSO_SYNC_PROFILE: "dev" })).code,
      0,
    );
  });
});

describe("sso-sync process", () => {
  it("the AWS CLI resolves credential_process through it and signs a call the fake STS accepts; then offline", {
    skip: interopSkip(),
  }, async () => {
    await loggedIn();
    const config = `${await readConfig()}\n[profile via-process]\ncredential_process = ${process.execPath} ${CLI} process --profile dev\nregion = eu-west-1\n`;
    await harness.box.writeConfig(config);
    const env = {
      HOME: harness.box.home,
      PATH: process.env.PATH ?? "",
      AWS_ENDPOINT_URL_SSO: harness.fake.url,
    };
    for (let round = 0; round < 2; round++) {
      const { stdout } = await execFileAsync(
        AWS_CLI,
        [
          "sts",
          "get-caller-identity",
          "--profile",
          "via-process",
          "--endpoint-url",
          harness.fake.url,
          "--output",
          "json",
        ],
        { env },
      );
      assert.equal(JSON.parse(stdout).Account, "111111111111");
    }
    assert.equal(harness.fake.counters.stsCalls, 2);
    assert.equal(harness.fake.counters.stsRejected, 0);
    assert.equal(harness.fake.counters.portalRequests, 1, "the second call was served offline");
  });

  it("keeps stdout empty on error", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const run = await harness.box.run(["process", "--profile", "dev"]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, "");
  });
});

async function readConfig(): Promise<string> {
  return sessionConfig("acme", [DEV, OPS]);
}

describe("sso-sync clean", () => {
  it("removes owned sections and leaves a hand-written file byte-identical otherwise", async () => {
    const original = fixture("credentials/hand-written.ini");
    // team.dev in the fixture is owned: clean must remove exactly its lines.
    await harness.box.writeCredentials(original);
    await loggedIn();
    assert.equal((await harness.box.run([])).code, 0);
    const run = await harness.box.run(["clean"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /removed \[team\.dev\]'s keys; the section stays with your region/);
    assert.match(run.stderr, /3 sections removed/);
    // [team.dev] keeps its comment and the region added by hand; only sso-sync's key lines go.
    // The marker stays with the user's region: the section is still sso-sync's to sync into.
    const managed =
      /^(aws_access_key_id|aws_secret_access_key|aws_session_token|aws_security_token|aws_credential_expiration) = .*\n/;
    const lines = original.split(/(?<=\n)/);
    const start = lines.indexOf("[team.dev]\n");
    const end = lines.indexOf("[unicode-ü]\n");
    const expected = lines.filter(
      (line, index) => index <= start || index >= end || !managed.test(line),
    );
    // The one byte sso-sync adds for good: the newline that ended the file's unterminated last line.
    assert.equal(await harness.box.readCredentials(), `${expected.join("")}\n`);
  });

  it("--expired removes only expired owned sections; --dry-run changes nothing", async () => {
    await loggedIn();
    assert.equal((await harness.box.run([])).code, 0);
    const text = await harness.box.readCredentials();
    const stale = `${text}\n[old]\naws_access_key_id = A\naws_credential_expiration = ${inMinutes(-5)}\nsso_sync_profile = old\n`;
    await harness.box.writeCredentials(stale);
    const dry = await harness.box.run(["clean", "--expired", "--dry-run"]);
    assert.match(dry.stderr, /would remove \[old\]/);
    assert.equal(await harness.box.readCredentials(), stale);
    assert.equal((await harness.box.run(["clean", "--expired"])).code, 0);
    assert.equal(await harness.box.readCredentials(), `${text}`);
  });

  it("changes nothing (exit 5) when another process holds the lock", async () => {
    await loggedIn();
    assert.equal((await harness.box.run([])).code, 0);
    const text = await harness.box.readCredentials();
    await mkdir(`${harness.box.credentialsFile}.lock`);
    const run = await harness.box.run(["clean", "--lock-timeout", "0"]);
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, /locked by another process.*; nothing was changed/);
    assert.equal(await harness.box.readCredentials(), text);
  });

  it("never touches a section it does not own, even when named (exit 4)", async () => {
    const text = "[mine]\naws_access_key_id = AKIAHAND\naws_secret_access_key = x\n";
    await harness.box.writeCredentials(text);
    const run = await harness.box.run(["clean", "--profile", "mine", "--profile", "gone"]);
    assert.equal(run.code, 4);
    assert.match(run.stderr, /\[mine\] was not written by sso-sync; left alone/);
    assert.match(run.stderr, /no section matches 'gone'/);
    assert.equal(await harness.box.readCredentials(), text);
  });

  it("keeps keys the user added to an owned section (clean and the timer's --clean-expired)", async () => {
    await loggedIn();
    assert.equal((await harness.box.run([])).code, 0);
    // The user adds a region to [dev], an indented sub-key too; sync keeps them, so must clean.
    const synced = await harness.box.readCredentials();
    const withRegion = synced.replace(
      "[dev]\n",
      "[dev]\nregion = ap-south-1\ns3 =\n  addressing_style = path\n",
    );
    await harness.box.writeCredentials(withRegion);
    const run = await harness.box.run(["clean", "--profile", "dev"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /removed \[dev\]'s keys; the section stays with your region, s3/);
    const text = await harness.box.readCredentials();
    assert.equal(sectionOf(text, "dev")?.region, "ap-south-1", "the user's key is still in [dev]");
    assert.match(text, /^\[dev\]\nregion = ap-south-1\ns3 =\n {2}addressing_style = path\n/m);
    assert.doesNotMatch(text, /\[dev\][^[]*aws_access_key_id/);
    assert.match(text, /\[dev\][^[]*sso_sync_profile = dev/, "still sso-sync's section");
    // The next sync writes into it again, keeping the user's keys; clean has nothing more to do.
    assert.equal(
      (await harness.box.run(["clean", "--profile", "dev"])).stderr.includes("removed [dev]"),
      false,
    );
    const resync = await harness.box.run([]);
    assert.equal(resync.code, 0, resync.stderr);
    assert.equal(sectionOf(await harness.box.readCredentials(), "dev")?.region, "ap-south-1");
    assert.ok(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id);
    // Expired, from the timer: same rule.
    await harness.box.writeCredentials(
      `[ops]\nregion = us-east-2\naws_access_key_id = A\naws_credential_expiration = ${inMinutes(-5)}\nsso_sync_profile = ops\n`,
    );
    assert.equal((await harness.box.run(["clean", "--expired"])).code, 0);
    assert.equal(
      await harness.box.readCredentials(),
      "[ops]\nregion = us-east-2\nsso_sync_profile = ops\n",
    );
  });

  it("after --take-over, says where the backup of the old keys is", async () => {
    await loggedIn();
    await harness.box.writeCredentials(
      "[dev]\naws_access_key_id = AKIALONGLIVED\naws_secret_access_key = s\n",
    );
    const took = await harness.box.run(["--profile", "dev", "--take-over"]);
    assert.equal(took.code, 0, took.stderr);
    const run = await harness.box.run(["clean", "--profile", "dev"]);
    assert.equal(run.code, 0, run.stderr);
    const backup = /are in: (\S+credentials\.sso-sync-backup-\S+)$/m.exec(run.stderr)?.[1];
    assert.ok(backup !== undefined, run.stderr);
    assert.match(await readFile(backup, "utf8"), /AKIALONGLIVED/);
  });

  it("needs no config and no token (after aws sso logout)", async () => {
    await loggedIn();
    assert.equal((await harness.box.run([])).code, 0);
    await writeFile(join(harness.box.awsDir, "config"), "");
    const run = await harness.box.run(["clean"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await harness.box.readCredentials(), "");
  });
});
