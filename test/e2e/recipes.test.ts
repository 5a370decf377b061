import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmod, copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { CLI, collect, inMinutes, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const example = (name: string) => join(ROOT, "examples", name);
const DEV = { name: "dev", account: "111111111111", role: "Admin" };

/** A HOME with an SSO profile `dev`, `sso-sync` and a recording `terraform` on PATH. */
async function userShell(loggedIn: boolean): Promise<Record<string, string>> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", tokenBody("tok-hook", inMinutes(loggedIn ? 120 : -1)));
  harness.fake.grant("tok-hook", "111111111111/Admin");
  const bin = join(harness.box.home, "bin");
  await mkdir(bin);
  await writeFile(join(bin, "sso-sync"), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  // terraform stand-in: proves it ran after sso-sync by reading the synced section.
  await writeFile(
    join(bin, "terraform"),
    `#!/bin/sh\ngrep -q '^\\[dev\\]' "$HOME/.aws/credentials" && echo "terraform $* with dev keys"\n`,
  );
  await chmod(join(bin, "sso-sync"), 0o755);
  await chmod(join(bin, "terraform"), 0o755);
  return {
    HOME: harness.box.home,
    PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    AWS_ENDPOINT_URL_SSO: harness.fake.url,
    NO_COLOR: "1",
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
  };
}

/** Runs a command without blocking this process, which also serves the fake portal. */
async function sh(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = harness.box.home,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  const { code, stdout, stderr } = await collect(child);
  return { status: code, stdout, stderr };
}

const has = (tool: string) =>
  spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0 ? false : `${tool} is not installed`;

describe("hook recipes (examples/, copied into docs/timers.md)", () => {
  it("every recipe appears in docs/timers.md exactly as in examples/", async () => {
    const page = await readFile(join(ROOT, "docs", "timers.md"), "utf8");
    for (const name of ["pre-commit", "tf", "Makefile", "envrc"]) {
      assert.ok(page.includes(await readFile(example(name), "utf8")), `${name} is in the docs`);
    }
  });

  it("git pre-commit hook syncs before the commit and never blocks it", {
    skip: has("git"),
  }, async () => {
    const env = await userShell(true);
    const repo = join(harness.box.home, "repo");
    assert.equal((await sh("git", ["init", "-q", repo], env)).status, 0);
    await copyFile(example("pre-commit"), join(repo, ".git", "hooks", "pre-commit"));
    await chmod(join(repo, ".git", "hooks", "pre-commit"), 0o755);
    const commit = await sh("git", ["commit", "-q", "--allow-empty", "-m", "x"], env, repo);
    assert.equal(commit.status, 0, commit.stderr);
    assert.ok(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id);
    // The section is fresh now: the next commit needs neither a token nor the portal.
    await harness.box.writeToken("acme", tokenBody("tok-hook", inMinutes(-1)));
    const before = harness.fake.counters.portalRequests;
    const again = await sh("git", ["commit", "-q", "--allow-empty", "-m", "y"], env, repo);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stderr, "", "quiet when all is well");
    assert.equal(harness.fake.counters.portalRequests, before);
  });

  it("git pre-commit hook says a login is needed and still commits", {
    skip: has("git"),
  }, async () => {
    const env = await userShell(false);
    const repo = join(harness.box.home, "repo");
    await sh("git", ["init", "-q", repo], env);
    await copyFile(example("pre-commit"), join(repo, ".git", "hooks", "pre-commit"));
    await chmod(join(repo, ".git", "hooks", "pre-commit"), 0o755);
    const commit = await sh("git", ["commit", "-q", "--allow-empty", "-m", "x"], env, repo);
    assert.equal(commit.status, 0);
    assert.match(
      commit.stderr,
      /run: sso-sync login --sso-session acme \(or aws sso login --sso-session acme\)/,
    );
    assert.match(commit.stderr, /SSO login needed \(command above\); committing anyway/);
  });

  it("tf wrapper runs terraform with fresh keys, or stops with exit 3 and does not run it", async () => {
    const env = { ...(await userShell(true)), AWS_PROFILE: "dev" };
    const run = await sh(example("tf"), ["plan", "-out=x"], env);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "terraform plan -out=x with dev keys\n");
    await harness.box.writeCredentials("");
    await harness.box.writeToken("acme", tokenBody("tok-hook", inMinutes(-1)));
    const stopped = await sh(example("tf"), ["plan"], env);
    assert.equal(stopped.status, 3);
    assert.equal(stopped.stdout, "");
  });

  it("Makefile target syncs before terraform", { skip: has("make") }, async () => {
    const env = { ...(await userShell(true)), AWS_PROFILE: "dev" };
    const run = await sh("make", ["-s", "-f", example("Makefile"), "plan"], env);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "terraform plan with dev keys\n");
  });

  it("direnv .envrc exports the profile and syncs it (evaluated by sh as direnv does with bash)", async () => {
    const env = await userShell(true);
    const run = await sh("sh", ["-c", `. '${example("envrc")}' && echo "$AWS_PROFILE"`], env);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "dev\n");
    assert.ok(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id);
  });
});

describe("README examples print what sso-sync prints", () => {
  const readme = () => readFile(join(ROOT, "README.md"), "utf8");
  const normal = (line: string) =>
    line.replace(harness.box.credentialsFile, "/home/me/.aws/credentials");

  it("the first run's summary: synced, fresh, needs login, failed", async () => {
    await harness.box.writeConfig(
      `${sessionConfig("acme", [DEV, { name: "team.prod", account: "222222222222", role: "Admin" }])}\n[profile legacy-admin]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 333333333333\nsso_role_name = Admin\n`,
    );
    await harness.box.writeToken("acme", tokenBody("tok-readme", inMinutes(120)));
    harness.fake.grant("tok-readme", "111111111111/Admin", "222222222222/Admin");
    const first = await harness.box.run([]);
    assert.equal(first.code, 3, first.stderr);
    const summary = normal(first.stderr.trimEnd().split("\n").at(-1) ?? "");
    assert.equal(
      summary,
      "sso-sync: 2 synced, 0 fresh, 1 needs login, 0 failed → /home/me/.aws/credentials",
    );
    assert.ok((await readme()).includes(`\n${summary}\n`), "the README shows this line");
    assert.match(
      first.stderr,
      /^! login needed for legacy-admin: the SSO session has expired|^! login needed for legacy-admin: no cached SSO token/m,
    );
  });

  it("the all-fresh run's summary", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    await harness.box.writeToken("acme", tokenBody("tok-readme", inMinutes(120)));
    harness.fake.grant("tok-readme", "111111111111/Admin");
    assert.equal((await harness.box.run([])).code, 0);
    const again = await harness.box.run([]);
    const summary = normal(again.stderr.trimEnd().split("\n").at(-1) ?? "");
    assert.equal(
      summary,
      "sso-sync: 0 synced, 1 fresh, 0 need login, 0 failed → /home/me/.aws/credentials",
    );
    assert.ok((await readme()).includes(`\n${summary}\n`), "the README shows this line");
  });
});
