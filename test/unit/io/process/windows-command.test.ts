import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cmdCommandLine,
  findWindowsCommand,
  windowsLaunch,
} from "../../../../src/io/process/windows-command.js";

const env = {
  Path: 'C:\\bin;"C:\\Program Files\\tools";C:\\Windows\\system32',
  PATHEXT: ".COM;.EXE;.BAT;.CMD",
  ComSpec: "C:\\Windows\\system32\\cmd.exe",
};
const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe("findWindowsCommand", () => {
  it("tries each PATH entry (case-insensitive name, quotes dropped) with each PATHEXT extension", () => {
    const exists = only(
      "C:\\Program Files\\tools\\terraform.cmd",
      "C:\\Windows\\system32\\terraform.exe",
    );
    assert.equal(
      findWindowsCommand("terraform", env, exists),
      "C:\\Program Files\\tools\\terraform.cmd",
    );
  });

  it("prefers the PATHEXT order within one directory (.exe before .cmd)", () => {
    const exists = only("C:\\bin\\npm.cmd", "C:\\bin\\npm.exe");
    assert.equal(findWindowsCommand("npm", env, exists), "C:\\bin\\npm.exe");
  });

  it("takes a name with a known extension as it is, and a path without searching PATH", () => {
    assert.equal(findWindowsCommand("npm.cmd", env, only("C:\\bin\\npm.cmd")), "C:\\bin\\npm.cmd");
    assert.equal(findWindowsCommand(".\\tool", env, only(".\\tool.bat")), ".\\tool.bat");
    assert.equal(findWindowsCommand(".\\tool", env, only("C:\\bin\\tool.bat")), undefined);
  });

  it("does not search the current directory for a bare name", () => {
    assert.equal(findWindowsCommand("tool", env, only("tool.cmd")), undefined);
  });
});

describe("cmdCommandLine", () => {
  it("quotes every word inside one outer pair for /s", () => {
    assert.equal(
      cmdCommandLine("C:\\bin\\tool.cmd", ["plan", "a & b", "x|y>z"]),
      '/d /s /v:off /c ""C:\\bin\\tool.cmd" "plan" "a & b" "x|y>z""',
    );
  });

  for (const bad of ['say "hi"', "%PATH%", "two\nlines", "cr\rhere"])
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.equal(cmdCommandLine("C:\\bin\\tool.cmd", [bad]), undefined);
    });
});

describe("windowsLaunch", () => {
  it("runs a .cmd through ComSpec with verbatim arguments", () => {
    const launch = windowsLaunch("tool", ["x"], env, only("C:\\bin\\tool.cmd"));
    assert.deepEqual(launch, {
      ok: true,
      value: {
        file: "C:\\Windows\\system32\\cmd.exe",
        args: ['/d /s /v:off /c ""C:\\bin\\tool.cmd" "x""'],
        verbatim: true,
      },
    });
  });

  it("runs a .exe directly and a .ps1 through PowerShell -File", () => {
    assert.deepEqual(windowsLaunch("tf", ["a b"], env, only("C:\\bin\\tf.exe")), {
      ok: true,
      value: { file: "C:\\bin\\tf.exe", args: ["a b"], verbatim: false },
    });
    const ps = windowsLaunch(
      "C:\\s\\x.ps1",
      ["%a%"],
      { ...env, SystemRoot: "C:\\W" },
      only("C:\\s\\x.ps1"),
    );
    assert.deepEqual(ps, {
      ok: true,
      value: {
        file: "C:\\W\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        args: ["-NoLogo", "-NoProfile", "-File", "C:\\s\\x.ps1", "%a%"],
        verbatim: false,
      },
    });
  });

  it("says when the command is not found or an argument is unsafe for a batch file (exit 127)", () => {
    assert.deepEqual(windowsLaunch("nope", [], env, only()), {
      ok: false,
      failure: { code: 127, kind: "not-started", message: "nope: command not found" },
    });
    const unsafe = windowsLaunch("tool", ["50%"], env, only("C:\\bin\\tool.bat"));
    assert.equal(unsafe.ok, false);
  });
});
