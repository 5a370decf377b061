import assert from "node:assert/strict";
import type { CAC } from "cac";
import { Flags } from "../../src/cli/flags.js";
import { buildCli } from "../../src/cli/program.js";
import type { CommandContext } from "../../src/model/run-context.js";
import { UsageError } from "../../src/model/usage-error.js";

/** A command line parsed by the real program, without running it. */
export interface ParsedCli {
  readonly argv: readonly string[];
  readonly cli: CAC;
  /** The flags as the matched command's action would get them. */
  readonly flags: Flags;
  /** What actions said, when one ran. */
  readonly printed: { out: string[]; err: string[] };
}

/** `sso-sync ...args` parsed with `{ run: false }`, as main does; nothing runs. */
export function parseCli(args: readonly string[]): ParsedCli {
  const argv = ["/usr/bin/node", "/opt/sso-sync/dist/src/cli.js", ...args];
  const printed = { out: [] as string[], err: [] as string[] };
  const cli = buildCli(argv, () => recordingContext(printed));
  cli.parse([...argv], { run: false });
  return { argv, cli, flags: new Flags(argv, cli.options, cli.args), printed };
}

/** A context that records what a command prints and points at no real home or clock. */
function recordingContext(printed: { out: string[]; err: string[] }): CommandContext {
  return {
    env: {},
    osHome: "/nonexistent/sso-sync-unit-test-home",
    now: () => new Date(Date.UTC(2030, 5, 1, 12)),
    console: {
      out: (text) => printed.out.push(text),
      err: (text) => printed.err.push(text),
      interactive: false,
      color: false,
      outColor: false,
    },
    platform: "linux",
    execPath: "/usr/bin/node",
    scriptPath: "/opt/sso-sync/dist/src/cli.js",
    uid: 1000,
    dieBySignal: () => assert.fail("no unit test ends the process"),
  };
}

/** An assert.throws/rejects validator: a UsageError whose message matches `pattern`. */
export function usageError(pattern: RegExp): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}
