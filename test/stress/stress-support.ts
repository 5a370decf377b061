import { type ChildProcess, spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import type { Harness } from "../support/harness.js";
import { CLI, inMinutes } from "../support/sandbox.js";

/** The hand-written part of the credentials file: sso-sync must never change a byte of it. */
export const HAND_WRITTEN = [
  "# kept by hand ✓ — ünïcödé and both comment styles",
  "; second comment",
  "",
  "[default]",
  "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
  "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY   ",
  "s3 =",
  "    max_concurrent_requests = 20",
  "",
  "[ci]",
  "aws_access_key_id=AKIACICICICICICICICI",
  "aws_secret_access_key=ci/secret+==",
  "",
].join("\n");

/** The keys every section sso-sync writes holds. */
export const SECTION_KEYS = [
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "aws_security_token",
  "aws_credential_expiration",
  "x_security_token_expires",
  "sso_sync_profile",
];

/** A small seeded PRNG (mulberry32): the same run picks the same profile sets every time. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every `[name]` section of a credentials text with its keys, independently of the product. */
export function sectionsOf(text: string): Map<string, Array<Map<string, string>>> {
  const sections = new Map<string, Array<Map<string, string>>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split("\n")) {
    const header = /^\[([^\]]+)\]$/.exec(line.trim());
    if (header?.[1] !== undefined) {
      current = new Map();
      sections.set(header[1], [...(sections.get(header[1]) ?? []), current]);
      continue;
    }
    const entry = /^([a-z_]+) = (.*)$/.exec(line);
    if (entry?.[1] !== undefined && current !== undefined) current.set(entry[1], entry[2] ?? "");
  }
  return sections;
}

/** Lock directories and temp files left in a directory. */
export async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith(".lock") || name.endsWith(".tmp"));
}

/** Starts the built CLI; `killAfterMs` sends SIGKILL at that point (crash testing). */
export function start(
  args: readonly string[],
  env: Record<string, string>,
  killAfterMs?: number,
  /** Watches the started child (to kill it on an event); returns what stops watching. */
  arm?: (child: ChildProcess) => () => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    const disarm = arm?.(child);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      disarm?.();
      resolve({ code, signal, stderr });
    });
  });
}

/**
 * A logged-in session with these profiles (accounts from `firstAccount` on), the hand-written
 * credentials file, and the environment runs need.
 */
export async function stressSetup(
  harness: Harness,
  profiles: readonly string[],
  firstAccount: number,
): Promise<Record<string, string>> {
  const specs = profiles.map((name, index) => ({
    name,
    account: String(firstAccount + index),
    role: "R",
  }));
  await harness.box.writeConfig(sessionConfig("acme", specs));
  await harness.box.writeToken("acme", tokenBody("tok-stress", inMinutes(120)));
  harness.fake.grant("tok-stress", ...specs.map((spec) => `${spec.account}/R`));
  await harness.box.writeCredentials(HAND_WRITTEN);
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: harness.box.home,
    AWS_ENDPOINT_URL_SSO: harness.fake.url,
  };
}
