import assert from "node:assert/strict";
import { chmod, mkdir, utimes } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { useHarness } from "../support/harness.js";
import { inMinutes, sha1 } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };

async function healthy(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", tokenBody("tok-doc", inMinutes(120)));
  harness.fake.grant("tok-doc", "111111111111/Admin");
  assert.equal((await harness.box.run([])).code, 0);
}

interface Findings {
  exitCode: number;
  findings: Array<{ severity: string; check: string; message: string; fix: string }>;
}

async function doctor(env: Record<string, string> = {}): Promise<Findings & { stdout: string }> {
  const run = await harness.box.run(["doctor", "--json"], env);
  const body = JSON.parse(run.stdout) as Findings;
  assert.equal(run.code, body.exitCode);
  return { ...body, stdout: run.stdout };
}

function only(report: Findings, check: string) {
  const found = report.findings.filter((finding) => finding.check === check);
  assert.equal(found.length, 1, JSON.stringify(report.findings));
  return found[0] as Findings["findings"][number];
}

describe("sso-sync doctor", () => {
  it("finds nothing on a healthy setup and exits 0", async () => {
    await healthy();
    const run = await harness.box.run(["doctor"]);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^sso-sync doctor: no problems found/m);
  });

  it("warns about keys in the environment, and errors on a key without its secret", async () => {
    await healthy();
    const both = await doctor({ AWS_ACCESS_KEY_ID: "AKIAX", AWS_SECRET_ACCESS_KEY: "s" });
    assert.equal(both.exitCode, 0);
    const warning = only(both, "environment-keys");
    assert.equal(warning.severity, "warning");
    assert.equal(warning.fix, "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY");
    assert.doesNotMatch(both.stdout, /AKIAX/, "the value is never printed");
    const half = await doctor({ AWS_ACCESS_KEY_ID: "AKIAX" });
    assert.equal(half.exitCode, 6);
    assert.equal(only(half, "environment-keys").severity, "error");
  });

  it("errors on AWS_PROFILE naming an unknown profile, accepts a known one", async () => {
    await healthy();
    const report = await doctor({ AWS_PROFILE: "prod" });
    assert.equal(report.exitCode, 6);
    assert.match(
      only(report, "unknown-profile").fix,
      /export AWS_PROFILE=<one of: dev> or unset AWS_PROFILE/,
    );
    assert.equal((await doctor({ AWS_PROFILE: "dev" })).exitCode, 0);
  });

  it("says how many profiles it left out of the suggestion", async () => {
    const many = ["a1", "a2", "a3", "a4", "a5", "a6", "a7"].map((name, index) => ({
      name,
      account: `11111111111${index}`,
      role: "R",
    }));
    await harness.box.writeConfig(sessionConfig("acme", many));
    const fix = only(await doctor({ AWS_PROFILE: "nope" }), "unknown-profile").fix;
    assert.equal(
      fix,
      "export AWS_PROFILE=<one of: a1, a2, a3, a4, a5 and 2 more (sso-sync status lists them)> or unset AWS_PROFILE",
    );
  });

  it("errors on a credentials file readable by others", async () => {
    await healthy();
    await chmod(harness.box.credentialsFile, 0o644);
    const report = await doctor();
    assert.equal(report.exitCode, 6);
    assert.equal(only(report, "credentials-mode").fix, `chmod 600 ${harness.box.credentialsFile}`);
  });

  it("warns about expired owned sections that shadow SSO", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    await harness.box.writeToken("acme", tokenBody("tok-doc", inMinutes(120)));
    await harness.box.writeCredentials(
      `[dev]\naws_access_key_id = ASIA\naws_secret_access_key = s\naws_session_token = t\naws_credential_expiration = ${inMinutes(-30)}\nsso_sync_profile = dev\n`,
    );
    const finding = only(await doctor(), "expired-section");
    assert.match(finding.message, /\[dev\] holds keys that expired 30 minutes ago/);
    assert.match(finding.fix, /sso-sync clean --expired/);
  });

  it("errors on duplicate sections or keys the AWS CLI rejects", async () => {
    await healthy();
    const text = await harness.box.readCredentials();
    await harness.box.writeCredentials(`${text}\n[other]\na = 1\na = 2\n`);
    const report = await doctor();
    assert.equal(report.exitCode, 6);
    assert.match(
      only(report, "credentials-syntax").message,
      /line \d+: .*a.*the AWS CLI rejects the whole file/,
    );
  });

  it("errors on a profile whose sso-session is missing, and warns about a session that needs login", async () => {
    await harness.box.writeConfig(
      `${sessionConfig("acme", [DEV])}\n[profile lost]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = R\n`,
    );
    const report = await doctor();
    assert.equal(report.exitCode, 6);
    assert.match(
      only(report, "sso-profile").message,
      /profile lost: sso_session = gone but there is no \[sso-session gone\]/,
    );
    assert.match(only(report, "sso-profile").fix, /^edit \[profile lost\] in /);
    assert.equal(
      only(report, "sso-login").fix,
      "sso-sync login --sso-session acme (or aws sso login --sso-session acme)",
    );
  });

  it("warns about a lock left behind by a run that died, not about a fresh one", async () => {
    await healthy();
    const lock = `${harness.box.credentialsFile}.lock`;
    await mkdir(lock);
    assert.equal((await doctor()).findings.length, 0, "a lock a second old may be live");
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const cacheLock = join(harness.box.cacheDir, `${sha1("acme")}.json.lock`);
    await mkdir(cacheLock);
    await utimes(cacheLock, old, old);
    const report = await doctor();
    const locks = report.findings.filter((finding) => finding.check === "stale-lock");
    assert.deepEqual(
      locks.map((finding) => finding.fix).sort(),
      [`rm -r ${cacheLock}`, `rm -r ${lock}`].sort(),
    );
    assert.equal(report.exitCode, 0, "a stale lock is a warning");
  });
});
