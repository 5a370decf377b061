import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { collect } from "../support/sandbox.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const UPSTREAM = "https://github.com/sso-sync/sso-sync.git";
let work = "";

/** The first sh block under the README's "## Install": what a newcomer pastes. */
async function installCommands(): Promise<string> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Install\n"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block?.includes(UPSTREAM), "the install block clones the repository");
  return block ?? "";
}

/**
 * Runs a shell script as a newcomer would, with npm's global prefix inside the test's folder. The
 * machine's own settings for reaching the registry (its npmrc, CA and proxy variables) are kept;
 * no AWS_* variable of this shell reaches the demo.
 */
async function sh(script: string, cwd: string) {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_"));
  const userconfig = join(homedir(), ".npmrc");
  const env = {
    ...Object.fromEntries(inherited),
    PATH: `${join(work, "prefix", "bin")}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: join(work, "home"),
    npm_config_prefix: join(work, "prefix"),
    npm_config_prefer_offline: "true",
    npm_config_cache: join(homedir(), ".npm"),
    ...(existsSync(userconfig) ? { npm_config_userconfig: userconfig } : {}),
    NO_COLOR: "1",
  };
  const child = spawn("sh", ["-ec", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  // npm ci, a build and a pack on a loaded machine: minutes, not the default guard's two.
  return collect(child, 540_000);
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), "sso-sync-newcomer-"));
  await mkdir(join(work, "home"));
  // The upstream URL stands for this checkout: a link named like the repository, so that
  // `git clone` makes the folder `sso-sync` the README's `cd` expects. What is cloned is HEAD.
  await mkdir(join(work, "upstream"));
  await symlink(ROOT, join(work, "upstream", "sso-sync.git"));
});
after(() => rm(work, { recursive: true, force: true }));

describe("a newcomer's path, on a fresh clone", { timeout: 600_000 }, () => {
  it("the README's install commands, then npm run demo, then the installed command, all work", async () => {
    const script = (await installCommands()).replace(
      UPSTREAM,
      join(work, "upstream", "sso-sync.git"),
    );
    const install = await sh(script, work);
    assert.equal(install.code, 0, `${install.stdout}\n${install.stderr}`);
    const demo = await sh("npm run demo", join(work, "sso-sync"));
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stdout, /exit code 0; 3 GetRoleCredentials calls/);
    assert.doesNotMatch(demo.stdout, /aws_secret_access_key = (?![^\n]*masked)/);
    const installed = await sh("sso-sync --version", work);
    assert.match(installed.stdout, /^sso-sync \d+\.\d+\.\d+\n$/);
  });
});
