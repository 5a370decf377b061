import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI } from "./sandbox.js";

/** Starts sso-sync inside script(1): its stdin and stderr are a pty, its output one stream. */
function spawnOnTerminal(args: string, env: Record<string, string>) {
  return spawn("script", ["-qec", `${process.execPath} ${CLI} ${args}`, "/dev/null"], {
    env: { ...env, NO_COLOR: "1", TERM: "dumb" },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Runs sso-sync inside `script`, so stdin and stderr are a terminal, as for a person. */
export function runOnTerminal(
  args: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnOnTerminal(args, env);
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

/** One prompt to wait for on the terminal and the line to type when it shows. */
export interface Reply {
  readonly after: RegExp;
  readonly type: string;
}

/**
 * runOnTerminal for a program that asks questions: each reply is typed once its prompt shows
 * (counted from the end of the previous reply's prompt), as a person would answer.
 */
export function answerOnTerminal(
  args: string,
  env: Record<string, string>,
  replies: readonly Reply[],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnOnTerminal(args, env);
    let output = "";
    let seen = 0;
    let next = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const reply = replies[next];
      if (reply === undefined) return;
      const match = reply.after.exec(output.slice(seen));
      if (match === null) return;
      seen += match.index + match[0].length;
      next += 1;
      child.stdin.write(reply.type);
    });
    // A safety net so a prompt that never shows fails the test instead of hanging the suite.
    const guard = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      child.stdin.destroy();
      resolve({ code, output });
    });
  });
}
