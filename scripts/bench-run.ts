// What every part of `npm run bench` shares: timing a child, a prepared sandbox, medians.
import { spawn } from "node:child_process";
import { sessionConfig, tokenBody } from "../test/support/config-text.js";
import { inMinutes, type Sandbox } from "../test/support/sandbox.js";

/** The shipped bin, as `sso-sync` runs it. */
export const BIN = new URL("../src/bin.cjs", import.meta.url).pathname;

/** The middle value (the upper middle of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs a command to its end: wall time in ms and the exit code. */
export function timed(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stderr: "inherit" | "ignore" = "inherit",
): Promise<{ ms: number; code: number | null }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", stderr] });
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code }),
    );
  });
}

/** `size` sso-session profiles with a valid token, each granted by the fake. */
export async function prepare(
  box: Sandbox,
  size: number,
  grant: (token: string, ...roles: string[]) => void,
): Promise<void> {
  const profiles = Array.from({ length: size }, (_, index) => ({
    name: `p${index}`,
    account: String(100000000000 + index),
    role: "Bench",
  }));
  await box.writeConfig(sessionConfig("bench", profiles));
  await box.writeToken("bench", tokenBody("tok-bench", inMinutes(120)));
  grant("tok-bench", ...profiles.map((profile) => `${profile.account}/Bench`));
}

/**
 * The environment a user's shell gives sso-sync, and nothing more: no NODE_OPTIONS and no
 * NODE_EXTRA_CA_CERTS (which make node itself start slower), for sso-sync and `node -e 0` alike.
 */
export function bareEnv(box: Sandbox, endpoint: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: box.home, AWS_ENDPOINT_URL_SSO: endpoint };
}
