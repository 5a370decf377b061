import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { CLI, inMinutes } from "../support/sandbox.js";

const harness = useHarness();
const run = promisify(execFile);
const noFish = spawnSync("fish", ["--version"]).status === 0 ? false : "fish is not installed";

/** A HOME with two SSO profiles on session acme, a synced [dev], and sso-sync on PATH. */
async function shellHome(): Promise<Record<string, string>> {
  await harness.box.writeConfig(
    sessionConfig("acme", [
      { name: "dev", account: "111111111111", role: "Admin" },
      { name: "team.prod", account: "222222222222", role: "Admin" },
    ]),
  );
  await harness.box.writeToken("acme", tokenBody("tok-complete", inMinutes(120)));
  harness.fake.grant("tok-complete", "111111111111/Admin", "222222222222/Admin");
  const bin = join(harness.box.home, "bin");
  await mkdir(bin);
  await writeFile(join(bin, "sso-sync"), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  await chmod(join(bin, "sso-sync"), 0o755);
  const env = {
    HOME: harness.box.home,
    PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    AWS_ENDPOINT_URL_SSO: harness.fake.url,
  };
  assert.equal((await harness.box.run(["--profile", "dev"])).code, 0);
  return env;
}

/** What bash's completion function offers for `sso-sync WORDS...` (the last word partial). */
async function bashOffers(env: Record<string, string>, words: string[]): Promise<string[]> {
  const quoted = words.map((word) => `'${word}'`).join(" ");
  const script = `source <(sso-sync completion bash)
COMP_WORDS=(sso-sync ${quoted}); COMP_CWORD=${words.length}
_sso_sync; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run("bash", ["-c", script], { env });
  return stdout.split("\n").filter((line) => line !== "");
}

describe("shell completion", () => {
  it("bash: registers the function and completes commands, flags, values and names", async () => {
    const env = await shellHome();
    const registered = await run(
      "bash",
      ["-c", "source <(sso-sync completion bash); complete -p sso-sync"],
      { env },
    );
    assert.equal(registered.stdout, "complete -o default -F _sso_sync sso-sync\n");
    assert.deepEqual(await bashOffers(env, ["st"]), ["status"]);
    assert.deepEqual(await bashOffers(env, ["--profile", "te"]), ["team.prod"]);
    assert.deepEqual(await bashOffers(env, ["env", "--profile", ""]), ["dev", "team.prod"]);
    assert.deepEqual(await bashOffers(env, ["accounts", "--sso-session", ""]), ["acme"]);
    assert.deepEqual(await bashOffers(env, ["clean", "--profile", ""]), ["dev"], "owned sections");
    assert.deepEqual(await bashOffers(env, ["timer", "un"]), ["uninstall"]);
    assert.deepEqual(await bashOffers(env, ["env", "--format", "p"]), ["powershell"]);
    assert.ok((await bashOffers(env, ["status", "--"])).includes("--min-validity"));
    assert.ok(!(await bashOffers(env, [""])).includes("__complete"), "the helper stays hidden");
  });

  it("fish: completes through the script it prints", { skip: noFish }, async () => {
    const env = await shellHome();
    const script = "source (sso-sync completion fish | psub); complete -C 'sso-sync --profile te'";
    const { stdout } = await run("fish", ["--no-config", "-c", script], { env });
    assert.deepEqual(stdout.trim().split("\n"), ["team.prod"]);
  });

  it("zsh and powershell scripts name the helper and how to install them", async () => {
    for (const shell of ["zsh", "powershell"]) {
      const { stdout } = await run(process.execPath, [CLI, "completion", shell]);
      assert.match(stdout, /sso-sync __complete -- /);
      assert.match(stdout, /^# sso-sync completion for \w+; install with: sso-sync completion /);
    }
    const wrong = spawnSync(process.execPath, [CLI, "completion", "tcsh"], { encoding: "utf8" });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /completion takes bash, zsh, fish, powershell, not 'tcsh'/);
    const none = spawnSync(process.execPath, [CLI, "completion"], { encoding: "utf8" });
    assert.equal(none.status, 2);
    assert.match(
      none.stderr,
      /^sso-sync: completion needs a shell: bash, zsh, fish or powershell \(see sso-sync completion --help\)\n$/,
    );
  });
});
