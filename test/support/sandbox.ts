import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built binary, as a user would run it. */
export const CLI = fileURLToPath(new URL("../../src/cli.js", import.meta.url));

/** The output of one sso-sync run. */
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A throwaway HOME with ~/.aws, for one test. */
export interface Sandbox {
  readonly home: string;
  readonly awsDir: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly cacheDir: string;
  writeConfig(text: string): Promise<void>;
  writeCredentials(text: string): Promise<void>;
  readCredentials(): Promise<string>;
  readConfig(): Promise<string>;
  /** Writes a token cache file named like the AWS CLI does (SHA1 of start URL or session name). */
  writeToken(key: string, token: Record<string, unknown>): Promise<void>;
  run(args: readonly string[], env?: Record<string, string | undefined>): Promise<RunResult>;
  /** Starts the CLI with stdin, stdout and stderr piped, for tests that talk to a running login. */
  start(args: readonly string[], env?: Record<string, string | undefined>): ChildProcess;
  cleanup(): Promise<void>;
}

/** SHA1 hex of a cache key, computed here independently of the product code. */
export function sha1(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

/** A timestamp `minutes` from now in the CLI's current `...Z` format. */
export function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Starts the built CLI with a minimal environment (no AWS_* from the developer's shell). */
export function startCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
): ChildProcess & { stdin: NonNullable<ChildProcess["stdin"]> } {
  const clean: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    NO_COLOR: "1",
  };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) clean[key] = value;
  return spawn(process.execPath, [CLI, ...args], { env: clean, stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs the built CLI with a minimal environment and `stdin` (default: none). */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<RunResult> {
  const child = startCli(args, env);
  child.stdin.end(stdin ?? "");
  return collect(child);
}

/** Waits for a child with piped stdout and stderr, collecting both; kills it after `guardMs`. */
export function collect(child: ChildProcess, guardMs = 120_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // A safety net so a hung child fails the test instead of hanging the suite; not a timing assertion.
    const guard = setTimeout(() => child.kill("SIGKILL"), guardMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function endpoints(home: string, endpoint: string | undefined) {
  return {
    HOME: home,
    AWS_ENDPOINT_URL_SSO: endpoint,
    AWS_ENDPOINT_URL_SSO_OIDC: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
  };
}

/** Makes a sandbox HOME; `endpoint` is the fake portal every run talks to. */
export async function makeSandbox(endpoint?: string): Promise<Sandbox> {
  const home = await mkdtemp(join(tmpdir(), "sso-sync-test-"));
  const awsDir = join(home, ".aws");
  const cacheDir = join(awsDir, "sso", "cache");
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  const configFile = join(awsDir, "config");
  const credentialsFile = join(awsDir, "credentials");
  return {
    home,
    awsDir,
    configFile,
    credentialsFile,
    cacheDir,
    writeConfig: (text) => writeFile(configFile, text),
    writeCredentials: (text) => writeFile(credentialsFile, text, { mode: 0o600 }),
    readCredentials: () => readFile(credentialsFile, "utf8"),
    readConfig: () => readFile(configFile, "utf8"),
    writeToken: (key, token) =>
      writeFile(join(cacheDir, `${sha1(key)}.json`), JSON.stringify(token)),
    run: (args, env = {}) => runCli(args, { ...endpoints(home, endpoint), ...env }),
    start: (args, env = {}) => startCli(args, { ...endpoints(home, endpoint), ...env }),
    // A stand-in browser started detached by a login may still be writing its log: retry.
    cleanup: () => rm(home, { recursive: true, force: true, maxRetries: 5 }),
  };
}

/** Reads one section's keys from credentials text, independently of the product's parser. */
export function sectionOf(text: string, name: string): Record<string, string> | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `[${name}]`);
  if (start === -1) return undefined;
  const values: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith("[")) break;
    const match = /^\s*([^=#;\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (match?.[1] !== undefined) values[match[1]] = match[2] ?? "";
  }
  return values;
}

/** How many times a `[name]` header appears. */
export function countSections(text: string, name: string): number {
  return text.split(/\r?\n/).filter((line) => line.trim() === `[${name}]`).length;
}
