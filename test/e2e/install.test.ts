import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sectionOf } from "../support/sandbox.js";

// Packs a copy of the project (so the suite's own dist/ is never rebuilt under it), installs the
// tarball globally into a fresh prefix with production dependencies only, as a user would.
const harness = useHarness();
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
let work: string;
let copy: string;
let tarball: string;
let bin: string;
let packOutput: string;
let installOutput: string;

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout, stderr } = await run("npm", [...args, "--no-audit", "--no-fund"], {
    cwd,
    env: { ...process.env, npm_config_update_notifier: "false" },
    maxBuffer: 32 * 1024 * 1024,
  });
  return `${stdout}${stderr}`;
}

/** npm's own lines that say something about our package (not the machine's npm config). */
function warningsOfOurs(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => /npm warn/i.test(line))
    .filter(
      (line) => !/Unknown (user|env|global|project) config|requires you to be logged in/.test(line),
    );
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), "sso-sync-install-"));
  copy = join(work, "checkout");
  for (const entry of [
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "LICENSE",
    "README.md",
    "CHANGELOG.md",
    "docs",
    "examples",
    "scripts",
    "src",
    "test",
  ])
    await cp(join(ROOT, entry), join(copy, entry), { recursive: true });
  await symlink(join(ROOT, "node_modules"), join(copy, "node_modules"));
  packOutput = await npm(["pack", "--pack-destination", work], copy);
  const [name] = (await readdir(work)).filter((entry) => entry.endsWith(".tgz"));
  tarball = join(work, name ?? "missing.tgz");
  installOutput = await npm(
    ["install", "--global", "--prefix", join(work, "prefix"), tarball],
    work,
  );
  bin = join(work, "prefix", "bin", "sso-sync");
});
after(() => rm(work, { recursive: true, force: true }));

describe("installed from the packed tarball", () => {
  it("packs and installs with no warning of ours and no build step", () => {
    assert.deepEqual(warningsOfOurs(packOutput), []);
    assert.deepEqual(warningsOfOurs(installOutput), [], installOutput);
    assert.doesNotMatch(installOutput, /prepare|allowScripts|install-scripts/);
  });

  it("ships a README for users: no pointer at files the package does not have", async () => {
    const installed = join(work, "prefix", "lib", "node_modules", "sso-sync");
    const readme = await readFile(join(installed, "README.md"), "utf8");
    assert.match(readme, /^## Install$/m);
    for (const absent of [".ci/run", "test/", "src/", "scripts/", "fixtures/"])
      assert.ok(!readme.includes(absent), `the packed README mentions ${absent}`);
    assert.match(readme, /examples\//);
    assert.ok((await readdir(join(installed, "examples"))).includes("pre-commit"));
    assert.deepEqual((await readdir(installed)).sort(), [
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "dist",
      "docs",
      "examples",
      "node_modules",
      "package.json",
    ]);
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8"));
    assert.equal(manifest.scripts.prepare, undefined);
    assert.equal(
      await readFile(join(copy, "README.md"), "utf8"),
      await readFile(join(ROOT, "README.md"), "utf8"),
      "packing put the checkout's README back",
    );
  });

  it("runs --version and --help from the installed bin", async () => {
    const version = await run(bin, ["--version"]);
    assert.match(version.stdout, /^sso-sync \d+\.\d+\.\d+\n$/);
    const help = await run(bin, ["--help"]);
    assert.match(help.stdout, /^Usage:\n {2}\$ sso-sync \[command\] \[options\]$/m);
  });

  it("syncs against the portal, and still does after the checkout is rebuilt", async () => {
    await harness.box.writeConfig(
      sessionConfig("acme", [{ name: "dev", account: "111111111111", role: "R" }]),
    );
    await harness.box.writeToken("acme", tokenBody("tok-installed", inMinutes(60)));
    harness.fake.grant("tok-installed", "111111111111/R");
    const env = {
      HOME: harness.box.home,
      PATH: process.env.PATH ?? "",
      AWS_ENDPOINT_URL_SSO: harness.fake.url,
    };
    const first = await run(bin, ["--quiet"], { env });
    assert.equal(first.stderr, "");
    assert.match(
      sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id ?? "",
      /^ASIA/,
    );
    await npm(["run", "build"], copy);
    // A checkout linked with `npm install -g .` keeps an executable bin through rebuilds too.
    assert.equal((await stat(join(copy, "dist", "src", "cli.js"))).mode & 0o111, 0o111);
    const again = await run(bin, ["--force", "--quiet"], { env });
    assert.equal(again.stderr, "");
  });

  it("npm publish --dry-run prints no warning of ours", async () => {
    const output = await npm(["publish", "--dry-run"], copy);
    assert.match(output, /sso-sync@\d+\.\d+\.\d+/);
    assert.deepEqual(warningsOfOurs(output), []);
  });

  it("npx runs it straight from the tarball", async () => {
    const { stdout } = await run(
      "npx",
      ["--yes", `--package=${tarball}`, "sso-sync", "--version"],
      {
        cwd: work,
      },
    );
    assert.match(stdout, /^sso-sync \d+\.\d+\.\d+\n$/);
  });
});
