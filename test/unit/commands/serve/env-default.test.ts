import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultEnvFormat } from "../../../../src/commands/serve/env-format.js";

describe("defaultEnvFormat", () => {
  it("is sh off Windows, powershell on Windows, sh in Git Bash or Cygwin on Windows", () => {
    assert.equal(defaultEnvFormat({}, "linux"), "sh");
    assert.equal(defaultEnvFormat({}, "darwin"), "sh");
    assert.equal(defaultEnvFormat({ PSModulePath: "x" }, "win32"), "powershell");
    assert.equal(defaultEnvFormat({ MSYSTEM: "MINGW64" }, "win32"), "sh");
    assert.equal(defaultEnvFormat({ SHELL: "/usr/bin/bash" }, "win32"), "sh");
  });
});
