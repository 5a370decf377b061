import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import {
  credentialVariables,
  formatEnv,
  processJson,
} from "../../../../src/commands/serve/env-format.js";

// Every printable ASCII character and a space: more than any key, secret or token can hold.
const EVERYTHING = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)).join(
  "",
);
const variables: Array<[string, string]> = [
  ["SSO_SYNC_T1", EVERYTHING],
  ["SSO_SYNC_T2", `'"\\$\`!*?[]{};&|<>#~%^=+/`],
  ["SSO_SYNC_T3", ""],
];

function shellSees(shell: string, args: string[], script: string): string[] {
  const run = spawnSync(shell, [...args, script], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "" },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as string[];
}

const printNames = (names: string[]) =>
  `node -e 'console.log(JSON.stringify(process.argv.slice(1).map((n) => process.env[n] ?? null)))' ${names.join(" ")}`;
const names = variables.map(([name]) => name);
// .ci/run installs fish and sets SSO_SYNC_REQUIRE_INTEROP=1: there a missing fish fails the test.
const installed = (tool: string, requiredInCi = false) =>
  spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0 ||
  (requiredInCi && process.env.SSO_SYNC_REQUIRE_INTEROP === "1")
    ? false
    : `${tool} is not installed`;

describe("formatEnv, evaluated by the real shells", () => {
  it("sh: eval round-trips every printable character", () => {
    const text = formatEnv(variables, "sh");
    assert.ok(!text.includes("\r"), "LF only");
    const seen = shellSees(
      "sh",
      ["-c"],
      `eval "$(cat <<'SSO_SYNC_EOF'\n${text}SSO_SYNC_EOF\n)"; ${printNames(names)}`,
    );
    assert.deepEqual(
      seen,
      variables.map(([, value]) => value),
    );
  });

  it("dotenv: sourced with set -a by sh, round-trips every printable character", () => {
    const text = formatEnv(variables, "dotenv");
    const seen = shellSees(
      "sh",
      ["-c"],
      `set -a; . /dev/stdin <<'SSO_SYNC_EOF'\n${text}SSO_SYNC_EOF\n${printNames(names)}`,
    );
    assert.deepEqual(
      seen,
      variables.map(([, value]) => value),
    );
  });

  it("fish: round-trips every printable character", { skip: installed("fish", true) }, () => {
    const text = formatEnv(variables, "fish");
    const seen = shellSees("fish", ["-c"], `${text}\n${printNames(names)}`);
    assert.deepEqual(
      seen,
      variables.map(([, value]) => value),
    );
  });

  it("powershell: round-trips every printable character", { skip: installed("pwsh") }, () => {
    const text = formatEnv(variables, "powershell");
    const seen = shellSees("pwsh", ["-NoProfile", "-Command"], `${text}\n${printNames(names)}`);
    assert.deepEqual(
      seen,
      variables.map(([, value]) => value),
    );
  });
});

describe("formats that cannot be evaluated here", () => {
  it("fish and powershell escape exactly their own quote rules", () => {
    assert.equal(formatEnv([["A", `it's \\ $x`]], "fish"), `set -gx A 'it\\'s \\\\ $x';\n`);
    assert.equal(formatEnv([["A", `it's $x`]], "powershell"), `$Env:A = 'it''s $x'\n`);
  });

  it("cmd quotes the assignment and refuses what cmd.exe cannot hold", () => {
    assert.equal(formatEnv([["A", "abc+/=="]], "cmd"), `set "A=abc+/=="\n`);
    for (const bad of ["50%", "a!b", "a^b", 'a"b', "a\nb"]) {
      assert.throws(() => formatEnv([["A", bad]], "cmd"), /cmd\.exe cannot take safely/, bad);
    }
  });
});

describe("credentialVariables and processJson", () => {
  const credentials = {
    accessKeyId: "ASIAX",
    secretAccessKey: "s/+=",
    sessionToken: "t==",
    expiration: new Date(Date.UTC(2026, 10, 22, 13, 0, 0)),
  };

  it("lists keys, both token names, expiry, the region when set, and the profile marker", () => {
    assert.deepEqual(credentialVariables(credentials, "dev", "eu-west-1"), [
      ["AWS_ACCESS_KEY_ID", "ASIAX"],
      ["AWS_SECRET_ACCESS_KEY", "s/+="],
      ["AWS_SESSION_TOKEN", "t=="],
      ["AWS_SECURITY_TOKEN", "t=="],
      ["AWS_CREDENTIAL_EXPIRATION", "2026-11-22T13:00:00Z"],
      ["AWS_REGION", "eu-west-1"],
      ["AWS_DEFAULT_REGION", "eu-west-1"],
      ["SSO_SYNC_PROFILE", "dev"],
    ]);
    assert.equal(credentialVariables(credentials, "dev", undefined).length, 6);
  });

  it("processJson is the credential_process shape", () => {
    assert.deepEqual(JSON.parse(processJson(credentials)), {
      Version: 1,
      AccessKeyId: "ASIAX",
      SecretAccessKey: "s/+=",
      SessionToken: "t==",
      Expiration: "2026-11-22T13:00:00Z",
    });
  });
});
