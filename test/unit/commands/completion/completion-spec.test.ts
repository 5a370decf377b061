import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROGRAM } from "../../../../src/cli/program.js";
import { completionCandidates } from "../../../../src/commands/completion/completion-candidates.js";
import { completionSpecs } from "../../../../src/commands/completion/completion-spec.js";

const NAMES = { profiles: ["dev"], sessions: ["acme"], sections: ["owned"] };

describe("completionSpecs: completion read from the command specs", () => {
  const specs = completionSpecs(PROGRAM);
  const offers = (...words: string[]) => completionCandidates(words, specs, NAMES);

  it("lists the visible commands, not the hidden helper", () => {
    assert.deepEqual(offers(""), [
      "accounts",
      "clean",
      "completion",
      "doctor",
      "env",
      "exec",
      "help",
      "login",
      "logout",
      "populate",
      "process",
      "server",
      "status",
      "sync",
      "timer",
    ]);
  });

  it("offers a command's declared options, the global ones too, and the values a spec lists", () => {
    assert.deepEqual(offers("status", "--"), [
      "--help",
      "--json",
      "--min-validity",
      "--profile",
      "--version",
    ]);
    assert.deepEqual(offers("env", "--format", "p"), ["powershell"]);
    assert.deepEqual(offers("timer", "--platform", ""), ["cron", "launchd", "systemd"]);
    assert.deepEqual(offers("timer", "un"), ["uninstall"]);
    assert.deepEqual(offers("completion", "f"), ["fish"]);
    assert.deepEqual(offers("help", "do"), ["doctor"]);
    assert.deepEqual(offers("clean", "--profile", ""), ["owned"]);
  });
});
