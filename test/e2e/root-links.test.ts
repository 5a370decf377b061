import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  lchown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { botocoreRead } from "../support/botocore-reader.js";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sha1 } from "../support/sandbox.js";

const harness = useHarness();
// `nobody` stands for the user whose HOME root works on (sudo, a system cron).
const USER = { uid: 65534, gid: 65534 };
const skip =
  process.getuid?.() !== 0 || process.platform !== "linux" ? "needs root on Linux" : false;

let rootDir = "";
before(async () => {
  if (skip !== false) return;
  // Only root may enter it, as /etc/sudoers.d or /root.
  rootDir = await mkdtemp(join(tmpdir(), "sso-sync-root-only-"));
  await writeFile(join(rootDir, "secret"), "root's own file\n", { mode: 0o600 });
});
after(() => (rootDir === "" ? undefined : rm(rootDir, { recursive: true, force: true })));

/** The sandbox HOME handed to the user, with a session and [dev]; `plant` adds their links. */
async function userHome(plant: (aws: string) => Promise<void>): Promise<void> {
  await harness.box.writeConfig(
    sessionConfig("acme", [{ name: "dev", account: "111111111111", role: "R" }]),
  );
  await harness.box.writeToken("acme", tokenBody("tok-root", inMinutes(60)));
  harness.fake.grant("tok-root", "111111111111/R");
  await plant(harness.box.awsDir);
  const chowned = spawnSync("chown", ["-hR", `${USER.uid}:${USER.gid}`, harness.box.home]);
  assert.equal(chowned.status, 0);
}

async function planted(path: string, target: string): Promise<void> {
  await symlink(target, path);
  await lchown(path, USER.uid, USER.gid);
}

async function rootDirState(): Promise<string> {
  const names = (await readdir(rootDir)).sort();
  const secret = await readFile(join(rootDir, "secret"), "utf8");
  const mode = ((await stat(join(rootDir, "secret"))).mode & 0o777).toString(8);
  return JSON.stringify({ names, secret, mode });
}

async function refused(): Promise<void> {
  const before = await rootDirState();
  const run = await harness.box.run([]);
  assert.equal(run.code, 5, run.stderr);
  const lines = run.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(
    lines[0] ?? "",
    /^sso-sync: .*: running as root in the directory of uid 65534, sso-sync does only what that user may, and uid 65534 cannot (read|write) it .*; nothing was written$/,
  );
  assert.equal(await rootDirState(), before, "root created or changed what the user could not");
}

describe("root syncing another user's HOME, with links the user planted", { skip }, () => {
  it("a dangling link into a root-only directory: refused, nothing created there", async () => {
    await userHome((aws) => planted(join(aws, "credentials"), join(rootDir, "zz")));
    await refused();
  });

  it("a link to an existing root-only file: refused, the file unchanged", async () => {
    await userHome((aws) => planted(join(aws, "credentials"), join(rootDir, "secret")));
    await refused();
  });

  it("a chain of links ending in the root-only directory: refused", async () => {
    await userHome(async (aws) => {
      await planted(join(harness.box.home, "hop"), join(rootDir, "zz"));
      await planted(join(aws, "credentials"), join(harness.box.home, "hop"));
    });
    await refused();
  });

  it("a directory link on the way (~/.aws itself) into the root-only directory: refused", async () => {
    await userHome(async () => undefined);
    const moved = join(harness.box.home, "aws-was-here");
    assert.equal(spawnSync("mv", [harness.box.awsDir, moved]).status, 0);
    await planted(harness.box.awsDir, rootDir);
    await refused();
  });

  it("a config linked to a root-only file is not read for the user: refused, exit 5", async () => {
    await userHome(async (aws) => {
      await rm(join(aws, "config"));
      await planted(join(aws, "config"), join(rootDir, "secret"));
    });
    await refused();
  });

  it("a token cache entry linked to root's own token is not used for the user", async () => {
    const rootToken = join(rootDir, "token.json");
    await writeFile(rootToken, JSON.stringify(tokenBody("tok-root", inMinutes(60))), {
      mode: 0o600,
    });
    try {
      await userHome(async () => {
        const entry = join(harness.box.cacheDir, `${sha1("acme")}.json`);
        await rm(entry);
        await planted(entry, rootToken);
      });
      const run = await harness.box.run([]);
      assert.equal(run.code, 3, run.stderr);
      const text = await readFile(harness.box.credentialsFile, "utf8").catch(() => "");
      assert.doesNotMatch(text, /\[dev\]/);
    } finally {
      await rm(rootToken, { force: true });
    }
  });

  it("a link into a directory the user owns is followed; the file is theirs, 0600", async () => {
    const dotfiles = join(harness.box.home, "dotfiles");
    await userHome(async (aws) => {
      await mkdir(dotfiles);
      await planted(join(aws, "credentials"), join(dotfiles, "credentials"));
    });
    const run = await harness.box.run([]);
    assert.equal(run.code, 0, run.stderr);
    const written = await stat(join(dotfiles, "credentials"));
    assert.deepEqual([written.uid, written.gid, written.mode & 0o777], [USER.uid, USER.gid, 0o600]);
    const [reading] = botocoreRead([await readFile(join(dotfiles, "credentials"), "utf8")]);
    assert.ok(reading?.ok && reading.sections.dev?.aws_access_key_id);
    // Nothing sso-sync made in the user's directories belongs to root.
    const owners = spawnSync("find", [harness.box.home, "-not", "-user", String(USER.uid)], {
      encoding: "utf8",
    });
    assert.equal(owners.stdout, "");
  });
});
