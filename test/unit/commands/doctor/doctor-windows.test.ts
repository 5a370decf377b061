import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DoctorInput, diagnose } from "../../../../src/commands/doctor/doctor-checks.js";

const NOW = new Date(Date.UTC(2030, 5, 1, 12, 0, 0));

/** A Windows setup with no problem but the credentials file's place and mode bits. */
function windows(credentialsFile: string, mode: number): DoctorInput {
  return {
    env: { USERPROFILE: "C:\\Users\\Me" },
    configFile: "C:\\Users\\Me\\.aws\\config",
    credentialsFile,
    config: { ok: true, value: "[profile static]\nregion = eu-west-1\n" },
    credentials: { text: "", mode },
    locks: [],
    tokens: new Map(),
    now: NOW,
    windowsProfile: "C:\\Users\\Me",
  };
}

describe("diagnose on Windows", () => {
  it("does not judge NTFS files by mode bits (node reports 666 for every writable file)", () => {
    const findings = diagnose(windows("C:\\Users\\Me\\.aws\\credentials", 0o100666));
    assert.deepEqual(findings, []);
  });

  it("accepts the profile folder in any letter case", () => {
    assert.deepEqual(diagnose(windows("c:\\users\\me\\.aws\\credentials", 0o100666)), []);
  });

  it("warns about a credentials file outside the profile folder, with the icacls check", () => {
    const path = "D:\\shared\\aws\\credentials";
    const findings = diagnose(windows(path, 0o100666));
    assert.deepEqual(
      findings.map((finding) => [finding.check, finding.severity]),
      [["credentials-location", "warning"]],
    );
    assert.match(findings[0]?.message ?? "", /outside your profile folder \(C:\\Users\\Me\)/);
    assert.equal(
      findings[0]?.fix,
      'check who may read it with: icacls "D:\\shared\\aws\\credentials" (or keep it under C:\\Users\\Me\\.aws)',
    );
  });

  it("a folder merely starting with the profile's name is outside it", () => {
    const findings = diagnose(windows("C:\\Users\\Me2\\.aws\\credentials", 0o100666));
    assert.equal(findings[0]?.check, "credentials-location");
  });
});
