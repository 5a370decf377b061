// The rate-limited part of `npm run bench`: the real built binary against the loopback fake portal
// enforcing a token bucket, with wall time against the floor (requests / rate) and failures.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sessionConfig, tokenBody } from "../test/support/config-text.js";
import { type FakeAws, startFakeAws } from "../test/support/fake-aws.js";
import { inMinutes, makeSandbox, type Sandbox } from "../test/support/sandbox.js";

const RATE = Number(process.env.BENCH_RATE ?? 20);
const BURST = Number(process.env.BENCH_RATE_BURST ?? RATE);
const LATENCY_MS = Number(process.env.BENCH_RATE_LATENCY_MS ?? 20);
const PROFILES = (process.env.BENCH_RATE_SIZES ?? "300,1000").split(",").map(Number);
const ACCOUNTS = (process.env.BENCH_RATE_ACCOUNTS ?? "300").split(",").map(Number);
const REPEATS = Number(process.env.BENCH_RATE_REPEATS ?? 1);
const CONCURRENCY = 16;
// Generous, so that the budget is not what is measured: the goal is zero failures.
const TIMEOUT_SECONDS = 20;
const CLI = fileURLToPath(new URL("../src/bin.cjs", import.meta.url));

/** One run's outcome. */
interface Run {
  readonly ms: number;
  readonly code: number | null;
  readonly done: number;
  readonly failed: number;
  readonly refused: number;
}

function run(
  box: Sandbox,
  fake: FakeAws,
  args: string[],
): Promise<{ ms: number; code: number | null; out: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: box.home,
    AWS_ENDPOINT_URL_SSO: fake.url,
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
  };
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      stdio: ["ignore", "pipe", "ignore"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, out }),
    );
  });
}

const assignments = (size: number) =>
  Array.from({ length: size }, (_, index) => ({
    name: `p${index}`,
    account: String(100000000000 + index),
    role: "Bench",
  }));

/** `sso-sync` over `size` profiles, one account each. */
async function syncRun(fake: FakeAws, size: number): Promise<Run> {
  const box = await makeSandbox(fake.url);
  try {
    const profiles = assignments(size);
    await box.writeConfig(sessionConfig("bench", profiles));
    await box.writeToken("bench", tokenBody("tok-bench", inMinutes(120)));
    fake.grant("tok-bench", ...profiles.map((profile) => `${profile.account}/Bench`));
    const refusedBefore = fake.counters.rateLimited;
    const result = await run(box, fake, [
      "--json",
      "--concurrency",
      String(CONCURRENCY),
      "--timeout",
      String(TIMEOUT_SECONDS),
    ]);
    const report = JSON.parse(result.out) as { profiles: { status: string }[] };
    const done = report.profiles.filter((profile) => profile.status === "synced").length;
    const refused = fake.counters.rateLimited - refusedBefore;
    return { ms: result.ms, code: result.code, done, failed: size - done, refused };
  } finally {
    await box.cleanup();
  }
}

/** `sso-sync accounts` over `size` accounts with one role each (no profiles yet). */
async function accountsRun(fake: FakeAws, size: number): Promise<Run> {
  const box = await makeSandbox(fake.url);
  try {
    await box.writeConfig(sessionConfig("bench", []));
    await box.writeToken("bench", tokenBody("tok-accounts", inMinutes(120)));
    fake.grant("tok-accounts", ...assignments(size).map((entry) => `${entry.account}/Bench`));
    const refusedBefore = fake.counters.rateLimited;
    const result = await run(box, fake, [
      "accounts",
      "--json",
      "--concurrency",
      String(CONCURRENCY),
      "--timeout",
      String(TIMEOUT_SECONDS),
    ]);
    const report = JSON.parse(result.out) as { assignments: unknown[] };
    const done = report.assignments.length;
    const refused = fake.counters.rateLimited - refusedBefore;
    return { ms: result.ms, code: result.code, done, failed: size - done, refused };
  } finally {
    await box.cleanup();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs each case against a fresh, full bucket and prints one row per case. */
export async function benchThrottled(): Promise<void> {
  const fake = await startFakeAws({ latencyMs: LATENCY_MS, pageSize: 100 });
  try {
    process.stdout.write(
      `\nrate-limited portal: token bucket ${RATE} req/s, burst ${BURST}, latency ${LATENCY_MS} ms, --concurrency ${CONCURRENCY}, median of ${REPEATS}\n`,
    );
    process.stdout.write(
      "case                   requests   wall ms   floor ms   wall/floor   done   failed   429s   exit\n",
    );
    const cases = [
      ...PROFILES.map((size) => ({
        label: `sync ${size} profiles`,
        size,
        requests: size,
        go: syncRun,
      })),
      ...ACCOUNTS.map((size) => ({
        label: `accounts ${size}`,
        size,
        // ListAccounts pages of 100, then ListAccountRoles per account.
        requests: Math.ceil(size / 100) + size,
        go: accountsRun,
      })),
    ];
    for (const { label, size, requests, go } of cases) {
      const runs: Run[] = [];
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        // A new limit object is a new bucket, full: every run starts alike.
        fake.behaviour.rateLimit = { ratePerSecond: RATE, burst: BURST };
        runs.push(await go(fake, size));
      }
      const wall = median(runs.map((entry) => entry.ms));
      const floor = (requests / RATE) * 1000;
      const worst = runs.reduce((a, b) => (b.failed > a.failed ? b : a));
      const row = [
        label.padEnd(22),
        String(requests).padStart(8),
        wall.toFixed(0).padStart(9),
        floor.toFixed(0).padStart(10),
        `${(wall / floor).toFixed(2)}x`.padStart(12),
        String(worst.done).padStart(6),
        String(worst.failed).padStart(8),
        String(median(runs.map((entry) => entry.refused))).padStart(6),
        String(worst.code).padStart(6),
      ];
      process.stdout.write(`${row.join(" ")}\n`);
    }
  } finally {
    await fake.close();
  }
}

// `node dist/scripts/bench-throttled.js` runs only this part.
if (process.argv[1] === fileURLToPath(import.meta.url)) await benchThrottled();
