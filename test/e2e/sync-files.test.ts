import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import {
  chmod,
  chown,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { lock } from "proper-lockfile";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { DEBIAN_PYTHON, interopSkip } from "../support/consumers.js";
import { fixture } from "../support/fixtures.js";
import { useHarness } from "../support/harness.js";
import { CLI, countSections, inMinutes, sectionOf } from "../support/sandbox.js";

const execFileAsync = promisify(execFile);
// util-linux `script` gives a child a pseudo-terminal; BSD `script` (macOS) takes other arguments.
const hasUtilLinuxScript = /util-linux/.test(
  spawnSync("script", ["--version"], { encoding: "utf8" }).stdout ?? "",
);

const harness = useHarness();

const MANAGED =
  /^(aws_access_key_id|aws_secret_access_key|aws_session_token|aws_security_token|aws_credential_expiration|sso_sync_profile) = .*$/gm;

/** Replaces the values of managed keys inside one section, so the rest can be compared byte for byte. */
function maskSection(text: string, name: string): string {
  const start = text.indexOf(`[${name}]`);
  if (start === -1) return text;
  const next = text.indexOf("\n[", start + 1);
  const end = next === -1 ? text.length : next;
  return (
    text.slice(0, start) + text.slice(start, end).replace(MANAGED, "$1 = <value>") + text.slice(end)
  );
}

async function standardSetup(names: readonly string[]): Promise<void> {
  const profiles = names.map((name, index) => ({
    name,
    account: String(111111111111 * (index + 1)).slice(0, 12),
    role: "R",
  }));
  await harness.box.writeConfig(sessionConfig("acme", profiles));
  await harness.box.writeToken("acme", tokenBody("tok-files", inMinutes(60)));
  harness.fake.grant(
    "tok-files",
    ...profiles.map((profile) => `${profile.account}/${profile.role}`),
  );
}

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter(
    (name) => name.endsWith(".lock") || name.endsWith(".tmp") || name.includes(".sso-sync-"),
  );
}

describe("the credentials file", () => {
  it("keeps every byte it does not own", async () => {
    const original = fixture("credentials/hand-written.ini");
    await harness.box.writeCredentials(original);
    await standardSetup(["team.dev", "fresh"]);
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    const appendedAt = text.indexOf("\n[fresh]");
    assert.ok(appendedAt > 0);
    // Everything before the new section is the original, apart from the values in our own section
    // and starship's expiry key, which the fixture's older section did not have yet.
    assert.equal(
      maskSection(text.slice(0, appendedAt), "team.dev").replace(
        /^x_security_token_expires = .*\n/m,
        "",
      ),
      maskSection(`${original}\n`, "team.dev"),
    );
    assert.ok(sectionOf(text, "team.dev")?.x_security_token_expires);
    assert.equal(sectionOf(text, "team.dev")?.region, "eu-west-1");
    assert.notEqual(sectionOf(text, "team.dev")?.aws_access_key_id, "ASIAOLDOLDOLDOLDOLD1");
    assert.equal(countSections(text, "fresh"), 1);
  });

  it("keeps a CRLF credentials file CRLF", async () => {
    await harness.box.writeCredentials("[mine]\r\naws_access_key_id = AKIAEXAMPLE\r\n");
    await standardSetup(["dev"]);
    assert.equal((await harness.box.run([])).code, 0);
    const text = await harness.box.readCredentials();
    assert.ok(text.startsWith("[mine]\r\naws_access_key_id = AKIAEXAMPLE\r\n"));
    assert.ok(!/[^\r]\n/.test(text), "all line endings stay CRLF");
  });

  it("refuses a section it did not write, names the way out, and still writes the others", async () => {
    const original =
      "[dev]\naws_access_key_id = AKIALONGLIVED0000000\naws_secret_access_key = keep-me\nregion = us-east-2\n";
    await harness.box.writeCredentials(original);
    await standardSetup(["dev", "other"]);
    const run = await harness.box.run([]);
    assert.equal(run.code, 4, run.stderr);
    assert.match(
      run.stderr,
      /✖ dev: section \[dev\] in .*credentials was not written by sso-sync .*--profile dev:dev-sso.*--take-over/,
    );
    const text = await harness.box.readCredentials();
    assert.ok(text.startsWith(original));
    assert.equal(countSections(text, "other"), 1);
  });

  it("writes SRC into [DEST] with --profile SRC:DEST", async () => {
    await harness.box.writeCredentials("[dev]\naws_access_key_id = AKIALONGLIVED0000000\n");
    await standardSetup(["dev"]);
    const run = await harness.box.run(["--profile", "dev:dev-sso"]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assert.equal(sectionOf(text, "dev")?.aws_access_key_id, "AKIALONGLIVED0000000");
    assert.equal(sectionOf(text, "dev-sso")?.sso_sync_profile, "dev");
  });

  it("takes a section over with --take-over and keeps a 0600 backup", async () => {
    const original =
      "[dev]\naws_access_key_id = AKIALONGLIVED0000000\naws_secret_access_key = keep-me\nregion = us-east-2\n";
    await harness.box.writeCredentials(original);
    await standardSetup(["dev"]);
    const run = await harness.box.run(["--take-over"]);
    assert.equal(run.code, 0, run.stderr);
    const backups = (await readdir(harness.box.awsDir)).filter((name) =>
      name.startsWith("credentials.sso-sync-backup-"),
    );
    assert.equal(backups.length, 1);
    const backup = join(harness.box.awsDir, backups[0] ?? "");
    assert.equal(await readFile(backup, "utf8"), original);
    assert.equal((await stat(backup)).mode & 0o777, 0o600);
    assert.match(run.stderr, /took the section over; backup: .*credentials\.sso-sync-backup-/);
    const section = sectionOf(await harness.box.readCredentials(), "dev");
    assert.equal(section?.region, "us-east-2");
    assert.equal(section?.sso_sync_profile, "dev");
    assert.notEqual(section?.aws_access_key_id, "AKIALONGLIVED0000000");
  });

  it("never overwrites an earlier backup", async () => {
    const original = "[a]\naws_access_key_id = AKIA1\n";
    await harness.box.writeCredentials(original);
    await standardSetup(["a"]);
    // Occupy the backup names of the next few seconds, as an earlier take-over would have.
    const stamp = (offset: number) =>
      new Date(Date.now() + offset * 1000)
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z");
    const taken = Array.from(
      { length: 12 },
      (_, index) => `credentials.sso-sync-backup-${stamp(index - 1)}`,
    );
    for (const name of taken) await writeFile(join(harness.box.awsDir, name), "earlier backup");
    const run = await harness.box.run(["--take-over"]);
    assert.equal(run.code, 0, run.stderr);
    const backups = (await readdir(harness.box.awsDir)).filter((name) =>
      name.startsWith("credentials.sso-sync-backup-"),
    );
    const fresh = backups.filter((name) => !taken.includes(name));
    assert.equal(fresh.length, 1);
    assert.match(fresh[0] ?? "", /-2$/);
    assert.equal(await readFile(join(harness.box.awsDir, fresh[0] ?? ""), "utf8"), original);
    for (const name of taken)
      assert.equal(await readFile(join(harness.box.awsDir, name), "utf8"), "earlier backup");
  });

  it("creates ~/.aws 0700 and the file 0600, and tightens a wider file", async () => {
    await standardSetup(["dev"]);
    const target = join(harness.box.home, "new-dir", "credentials");
    const run = await harness.box.run([], { AWS_SHARED_CREDENTIALS_FILE: target });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await stat(join(harness.box.home, "new-dir"))).mode & 0o777, 0o700);
    assert.equal((await stat(target)).mode & 0o777, 0o600);
    assert.equal(existsSync(harness.box.credentialsFile), false, "the default file is not touched");
    await chmod(target, 0o644);
    assert.equal(
      (await harness.box.run(["--force"], { AWS_SHARED_CREDENTIALS_FILE: target })).code,
      0,
    );
    assert.equal((await stat(target)).mode & 0o777, 0o600);
  });

  const notRoot = process.getuid?.() === 0 ? false : "needs root to hand the file to another user";
  it("keeps the owner of someone else's file and its backup when run as root", {
    skip: notRoot,
  }, async () => {
    await harness.box.writeCredentials("[dev]\naws_access_key_id = AKIA1\n");
    await chown(harness.box.credentialsFile, 4242, 4343);
    await standardSetup(["dev"]);
    assert.equal((await harness.box.run(["--take-over"])).code, 0);
    const after = await stat(harness.box.credentialsFile);
    assert.deepEqual([after.uid, after.gid, after.mode & 0o777], [4242, 4343, 0o600]);
    const [backup] = (await readdir(harness.box.awsDir)).filter((name) =>
      name.includes("sso-sync-backup"),
    );
    const backupStat = await stat(join(harness.box.awsDir, backup ?? ""));
    assert.deepEqual(
      [backupStat.uid, backupStat.gid, backupStat.mode & 0o777],
      [4242, 4343, 0o600],
    );
  });

  it("reads AWS_CONFIG_FILE", async () => {
    await standardSetup(["dev"]);
    const moved = join(harness.box.home, "elsewhere.ini");
    await writeFile(
      moved,
      (await readFile(harness.box.configFile, "utf8")).replace("[profile dev]", "[profile moved]"),
    );
    const run = await harness.box.run([], { AWS_CONFIG_FILE: moved });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(countSections(await harness.box.readCredentials(), "moved"), 1);
  });

  it("updates the target of a symlinked file and keeps the link", async () => {
    await standardSetup(["dev"]);
    const dotfiles = join(harness.box.home, "dotfiles");
    await mkdir(dotfiles);
    const target = join(dotfiles, "aws-credentials");
    await writeFile(target, "[mine]\nk = v\n", { mode: 0o600 });
    await symlink("../dotfiles/aws-credentials", harness.box.credentialsFile);
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok((await lstat(harness.box.credentialsFile)).isSymbolicLink());
    assert.equal(await readlink(harness.box.credentialsFile), "../dotfiles/aws-credentials");
    const text = await readFile(target, "utf8");
    assert.ok(text.startsWith("[mine]\nk = v\n"));
    assert.equal(countSections(text, "dev"), 1);
    assert.deepEqual(await leftovers(dotfiles), []);
  });

  it("creates the target of a dangling symlink", async () => {
    await standardSetup(["dev"]);
    await symlink(join(harness.box.home, "later.ini"), harness.box.credentialsFile);
    assert.equal((await harness.box.run([])).code, 0);
    assert.ok((await lstat(harness.box.credentialsFile)).isSymbolicLink());
    assert.equal(
      countSections(await readFile(join(harness.box.home, "later.ini"), "utf8"), "dev"),
      1,
    );
  });

  it("changes nothing and calls no portal with --dry-run", async () => {
    await harness.box.writeCredentials("[dev]\nsso_sync_profile = dev\naws_access_key_id = OLD\n");
    await standardSetup(["dev", "new"]);
    const calls = harness.fake.counters.portalRequests;
    const run = await harness.box.run(["--dry-run"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(harness.fake.counters.portalRequests, calls);
    assert.equal(
      await harness.box.readCredentials(),
      "[dev]\nsso_sync_profile = dev\naws_access_key_id = OLD\n",
    );
    assert.match(run.stderr, /· dev → \[dev\] would be updated \(dry run\)/);
    assert.match(run.stderr, /· new → \[new\] would be created \(dry run\)/);
    assert.match(run.stderr, /nothing was changed/);
  });

  it("prints a JSON report without secrets", async () => {
    await standardSetup(["dev"]);
    const run = await harness.box.run(["--json"]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.exitCode, 0);
    assert.equal(report.profiles[0].status, "synced");
    assert.equal(report.profiles[0].action, "created");
    const section = sectionOf(await harness.box.readCredentials(), "dev");
    assert.equal(report.profiles[0].expiration, section?.aws_credential_expiration);
    for (const secret of [
      section?.aws_secret_access_key,
      section?.aws_session_token,
      "tok-files",
    ]) {
      assert.ok(secret && !run.stdout.includes(secret) && !run.stderr.includes(secret));
    }
  });

  it("is silent with --quiet when all is well", async () => {
    await standardSetup(["dev"]);
    const run = await harness.box.run(["--quiet"]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr + run.stdout, "");
  });

  const noScript = hasUtilLinuxScript ? false : "needs util-linux script for a pseudo-terminal";
  it("colours its lines only on a terminal, and never with NO_COLOR", {
    skip: noScript,
  }, async () => {
    await standardSetup(["dev"]);
    const onTerminal = (noColor: string | undefined) =>
      execFileAsync("script", ["-qec", `${process.execPath} ${CLI} --dry-run`, "/dev/null"], {
        env: {
          PATH: process.env.PATH,
          HOME: harness.box.home,
          ...(noColor === undefined ? {} : { NO_COLOR: noColor }),
        },
      });
    const ESC = "\u001b";
    const coloured = (await onTerminal(undefined)).stdout;
    assert.ok(coloured.includes(`${ESC}[2m·${ESC}[0m dev → [dev] would be created`), coloured);
    assert.ok(!(await onTerminal("1")).stdout.includes(ESC));
    assert.ok(
      !(await harness.box.run(["--dry-run"], { NO_COLOR: undefined })).stderr.includes(ESC),
    );
  });

  it("fails with exit 5 and changes nothing when the file cannot be written", async () => {
    await standardSetup(["dev"]);
    await mkdir(harness.box.credentialsFile);
    const run = await harness.box.run([]);
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, /sso-sync: \S+credentials is a directory, not a regular file/);
    assert.deepEqual(await leftovers(harness.box.awsDir), []);
  });

  it("refuses to rewrite a file that is not UTF-8, changing nothing (exit 5)", async () => {
    const latin1 = Buffer.from("# caf\xe9 keys\n[mine]\naws_access_key_id = AKIA\n", "latin1");
    await writeFile(harness.box.credentialsFile, latin1, { mode: 0o600 });
    await standardSetup(["dev"]);
    const run = await harness.box.run([]);
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, /is not UTF-8 text; sso-sync will not rewrite it/);
    assert.deepEqual(await readFile(harness.box.credentialsFile), latin1);
  });

  it("keeps a byte-order mark a Windows editor left, and says botocore cannot read the file (exit 4)", async () => {
    const withBom = Buffer.from("\ufeff[mine]\r\naws_access_key_id = AKIA\r\n", "utf8");
    await writeFile(harness.box.credentialsFile, withBom, { mode: 0o600 });
    await standardSetup(["dev"]);
    const run = await harness.box.run([]);
    // Python reads the mark as part of the first line: the AWS CLI rejects the whole file.
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /line 1: the file starts with a byte-order mark .* without BOM/);
    const after = await readFile(harness.box.credentialsFile);
    assert.deepEqual(after.subarray(0, withBom.length), withBom);
    assert.equal(countSections(after.toString("utf8"), "dev"), 1);
  });

  it("fails cleanly on a symlink loop (exit 5)", async () => {
    await standardSetup(["dev"]);
    await symlink(join(harness.box.home, "loop-b"), join(harness.box.home, "loop-a"));
    await symlink(join(harness.box.home, "loop-a"), join(harness.box.home, "loop-b"));
    await symlink(join(harness.box.home, "loop-a"), harness.box.credentialsFile);
    const run = await harness.box.run([]);
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, /too many levels of symbolic links/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it("waits for a held lock, then gives up with exit 5", async () => {
    await harness.box.writeCredentials("[mine]\nk = v\n");
    await standardSetup(["dev"]);
    const release = await lock(harness.box.credentialsFile, {
      realpath: false,
      lockfilePath: `${harness.box.credentialsFile}.lock`,
    });
    try {
      const run = await harness.box.run(["--lock-timeout", "1"]);
      assert.equal(run.code, 5, run.stderr);
      assert.match(run.stderr, /is locked by another process/);
      assert.equal(await harness.box.readCredentials(), "[mine]\nk = v\n");
    } finally {
      await release();
    }
  });

  it("recovers a stale lock left by a crashed run", async () => {
    await harness.box.writeCredentials("[mine]\nk = v\n");
    await standardSetup(["dev"]);
    const lockDir = `${harness.box.credentialsFile}.lock`;
    await mkdir(lockDir);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockDir, old, old);
    const run = await harness.box.run(["--lock-timeout", "2"]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await leftovers(harness.box.awsDir), []);
  });

  it("removes a temp file that a killed run left behind", async () => {
    await standardSetup(["dev"]);
    const orphan = join(harness.box.awsDir, ".credentials.sso-sync-999999-deadbeef.tmp");
    await writeFile(orphan, "[half\naws_access", { mode: 0o600 });
    assert.equal((await harness.box.run([])).code, 0);
    assert.equal(existsSync(orphan), false);
    assert.deepEqual(await leftovers(harness.box.awsDir), []);
  });

  it("never loses or duplicates a section with 24 runs at once", async () => {
    const names = Array.from({ length: 12 }, (_, index) => `p${index}`);
    const unowned = "# mine\n[personal]\naws_access_key_id = AKIAPERSONAL00000000\n";
    await harness.box.writeCredentials(unowned);
    await standardSetup(names);
    // Each run syncs an overlapping pair of profiles; every profile is written by several runs.
    const runs = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        harness.box.run([
          "--profile",
          names[index % 12] ?? "",
          "--profile",
          names[(index + 5) % 12] ?? "",
        ]),
      ),
    );
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assert.ok(text.startsWith(unowned));
    for (const name of names)
      assert.equal(countSections(text, name), 1, `[${name}] must appear once`);
    assert.equal(countSections(text, "personal"), 1);
    assert.deepEqual(await leftovers(harness.box.awsDir), []);
    assert.equal((await stat(harness.box.credentialsFile)).mode & 0o777, 0o600);
  });
});

describe("configuration problems", () => {
  it("exits 2 and names the file when there is no config", async () => {
    const run = await harness.box.run([]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /no AWS config file at .*\.aws\/config; create an SSO profile with: aws configure sso/,
    );
  });

  it("reports a fatal error in --json too", async () => {
    const run = await harness.box.run(["--json"]);
    assert.equal(run.code, 2);
    const report = JSON.parse(run.stdout);
    assert.equal(report.exitCode, 2);
    assert.equal(report.error.kind, "config");
    assert.match(report.error.message, /no AWS config file/);
    assert.deepEqual(report.profiles, []);
  });

  it("exits 2 on a config the AWS CLI would reject, naming the line", async () => {
    await harness.box.writeConfig("[profile a]\nregion = x\n[profile a]\nregion = y\n");
    const run = await harness.box.run([]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /config line 3: duplicate section \[profile a\]/);
  });

  it("exits 2 on binary garbage and on a config that is a directory, without a stack trace", async () => {
    await writeFile(
      harness.box.configFile,
      Buffer.from(Array.from({ length: 300 }, (_, index) => (index * 7) % 256)),
    );
    const garbage = await harness.box.run([]);
    assert.equal(garbage.code, 2);
    assert.doesNotMatch(garbage.stderr, /\n\s+at /);
    const dir = join(harness.box.home, "cfgdir");
    await mkdir(dir);
    const directory = await harness.box.run([], { AWS_CONFIG_FILE: dir });
    assert.equal(directory.code, 2);
    assert.match(directory.stderr, /is a directory/);
  });

  it("exits 2 for an unknown --profile and writes nothing", async () => {
    await standardSetup(["dev"]);
    const run = await harness.box.run(["--profile", "nope"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no SSO profile matches 'nope'/);
    assert.equal(existsSync(harness.box.credentialsFile), false);
  });

  it("fails a broken profile alone, naming it and its key", async () => {
    await standardSetup(["dev"]);
    await writeFile(
      harness.box.configFile,
      `${await readFile(harness.box.configFile, "utf8")}\n[profile broken]\nsso_session = ghost\nsso_account_id = 1\nsso_role_name = R\n`,
    );
    const run = await harness.box.run([]);
    assert.equal(run.code, 4, run.stderr);
    assert.match(
      run.stderr,
      /✖ broken: sso_session = ghost but there is no \[sso-session ghost\] section/,
    );
    assert.equal(countSections(await harness.box.readCredentials(), "dev"), 1);
  });

  it("takes profile names that look like numbers as typed", async () => {
    await standardSetup(["0123", "1e3"]);
    const run = await harness.box.run(["--profile", "0123", "--profile=1e3:0x10"]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assert.equal(sectionOf(text, "0123")?.sso_sync_profile, "0123");
    assert.equal(sectionOf(text, "0x10")?.sso_sync_profile, "1e3");
  });

  it("exits 2 on bad flags", async () => {
    for (const args of [
      ["--concurrency", "0"],
      ["--timeout", "soon"],
      ["--frobnicate"],
      ["extra-arg"],
    ]) {
      const run = await harness.box.run(args);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, /^sso-sync: .*\(see sso-sync( sync)? --help\)\n$/);
    }
  });
});

describe("a credentials file the AWS CLI cannot read", () => {
  const botocoreReads = (path: string) =>
    spawnSync(
      DEBIAN_PYTHON,
      [
        "-c",
        "import sys; from awscli.botocore.configloader import raw_config_parse; raw_config_parse(sys.argv[1])",
        path,
      ],
      { encoding: "utf8" },
    );

  it("is reported on every run with exit 4, while sso-sync still writes its own sections", {
    skip: interopSkip(),
  }, async () => {
    await standardSetup(["team.prod"]);
    const mine =
      "[personal]\naws_access_key_id = AKIAONE\n\n[personal]\naws_access_key_id = AKIATWO\n";
    await harness.box.writeCredentials(mine);
    for (const args of [["--profile", "team.prod", "--force"], ["--quiet"], ["--json"]]) {
      const run = await harness.box.run(args);
      assert.equal(run.code, 4, `${args.join(" ")}: ${run.stderr}`);
      const said = args.includes("--json")
        ? (JSON.parse(run.stdout) as { fileProblems: Array<{ message: string }> }).fileProblems
            .map((problem) => problem.message)
            .join("\n")
        : run.stderr;
      assert.match(said, /duplicate section \[personal\]/, args.join(" "));
    }
    const text = await harness.box.readCredentials();
    assert.ok(text.startsWith(mine), "the hand-written part is untouched");
    assert.match(sectionOf(text, "team.prod")?.aws_access_key_id ?? "", /^ASIA/);
    const judged = botocoreReads(harness.box.credentialsFile);
    assert.notEqual(judged.status, 0, "botocore itself rejects this file");
    assert.match(judged.stderr, /DuplicateSectionError|already exists|Unable to parse/);
  });
});
