import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI } from "./sandbox.js";

/** Runs sso-sync inside `script`, so stdin and stderr are a terminal, as for a person. */
export function runOnTerminal(
  args: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", `${process.execPath} ${CLI} ${args}`, "/dev/null"], {
      env: { ...env, NO_COLOR: "1", TERM: "dumb" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end();
  });
}

/** The `skip` option for tests that need a terminal. */
export const noScript = existsSync("/usr/bin/script")
  ? false
  : "needs script(1) from util-linux for a terminal";
