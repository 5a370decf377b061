// `npm run bench`: wall time, portal requests in flight and peak RSS of the real built binary
// against the loopback fake portal with a fixed latency, next to the theoretical floor.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sessionConfig, tokenBody } from "../test/support/config-text.js";
import { startFakeAws } from "../test/support/fake-aws.js";
import { inMinutes, makeSandbox, type Sandbox } from "../test/support/sandbox.js";
import { benchThrottled } from "./bench-throttled.js";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SIZES = (process.env.BENCH_SIZES ?? "1,10,100,1000").split(",").map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CONCURRENCY = 16;
const MEASURE = fileURLToPath(new URL("./measure-rss.js", import.meta.url));
const CLI = fileURLToPath(new URL("../src/cli.js", import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timed(
  command: string,
  args: string[],
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

async function startupMs(env: NodeJS.ProcessEnv = {}): Promise<number> {
  const runs: number[] = [];
  for (let index = 0; index < Math.max(7, REPEATS); index++)
    runs.push((await timed(process.execPath, ["-e", "0"], env)).ms);
  return median(runs);
}

// Corporate machines often set this; node then reads the bundle at every start, ours included.
const CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

async function prepare(
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

const CLI_SIZES = (process.env.BENCH_CLI_SIZES ?? "1,10").split(",").map(Number);
const AWS_CLI = "/usr/bin/aws";

/**
 * The way scripts and blog posts sync today: per profile one `aws sso get-role-credentials` and
 * three `aws configure set` (key, secret, token), one after another. One run: it is slow.
 */
async function awsCliWay(size: number): Promise<number> {
  const box = await makeSandbox(fake.url);
  try {
    await prepare(box, size, fake.grant);
    const env = { PATH: process.env.PATH, HOME: box.home, AWS_PAGER: "" };
    const started = process.hrtime.bigint();
    for (let index = 0; index < size; index++) {
      const fetch = await captured(
        AWS_CLI,
        [
          "sso",
          "get-role-credentials",
          "--role-name",
          "Bench",
          "--account-id",
          String(100000000000 + index),
          "--access-token",
          "tok-bench",
          "--region",
          "eu-west-1",
          "--endpoint-url",
          fake.url,
          "--output",
          "json",
        ],
        env,
      );
      const role = (JSON.parse(fetch) as { roleCredentials: Record<string, string> })
        .roleCredentials;
      for (const [key, value] of [
        ["aws_access_key_id", role.accessKeyId],
        ["aws_secret_access_key", role.secretAccessKey],
        ["aws_session_token", role.sessionToken],
      ] as const) {
        await captured(
          AWS_CLI,
          ["configure", "set", key, value ?? "", "--profile", `p${index}`],
          env,
        );
      }
    }
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    await box.cleanup();
  }
}

function captured(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args[0]} exited ${code}`)),
    );
  });
}

/** The all-fresh path a hook takes: every section valid, so nothing to fetch, lock or write. */
async function noOp(size: number): Promise<void> {
  const box = await makeSandbox(fake.url);
  try {
    await prepare(box, size, fake.grant);
    const plain = { PATH: process.env.PATH, HOME: box.home, AWS_ENDPOINT_URL_SSO: fake.url };
    const first = await timed(process.execPath, [CLI, "--quiet"], plain);
    if (first.code !== 0) throw new Error(`sso-sync exited ${first.code} on the first sync`);
    const requests = fake.counters.portalRequests;
    const variants: Array<[string, NodeJS.ProcessEnv]> = [["", plain]];
    if (existsSync(CA_BUNDLE))
      variants.push([" NODE_EXTRA_CA_CERTS", { ...plain, NODE_EXTRA_CA_CERTS: CA_BUNDLE }]);
    for (const [note, env] of variants) {
      const nodeStart = await startupMs(env);
      for (const args of [["--quiet"], []]) {
        const runs: number[] = [];
        for (let index = 0; index < Math.max(7, REPEATS); index++) {
          const run = await timed(process.execPath, [CLI, ...args], env, "ignore");
          if (run.code !== 0) throw new Error(`sso-sync exited ${run.code} on a no-op run`);
          runs.push(run.ms);
        }
        const wall = median(runs);
        const label = `sso-sync ${args.join(" ") || "(not quiet)"}${note}`.padEnd(40);
        process.stdout.write(
          `${label} ${wall.toFixed(0).padStart(6)} ms   ${(wall / nodeStart).toFixed(2)}x node -e 0 (${nodeStart.toFixed(0)} ms)\n`,
        );
      }
    }
    if (fake.counters.portalRequests !== requests) throw new Error("a no-op run called the portal");
  } finally {
    await box.cleanup();
  }
}

const HAND_MB = (process.env.BENCH_HAND_MB ?? "1").split(",").map(Number);
const HAND_PROFILES = 1000;
// The issue's goal: under 5 s in all; the lock held well under its 5 s stale time (half of it).
const GOAL_TOTAL_MS = 5000;
const GOAL_LOCK_MS = 2500;

/** About `megabytes` of hand-written credentials: long-lived keys, comments, a sub-section. */
function handWritten(megabytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let index = 0; size < megabytes * 1024 * 1024; index++) {
    const part = `# ${index}: keys for the build server, rotated by hand\n[hand-${index}]\naws_access_key_id = AKIA${String(index).padStart(16, "0")}\naws_secret_access_key = ${"s".repeat(40)}\nregion = eu-west-1\ns3 =\n  max_concurrent_requests = 10\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join("");
}

/** Polls for `<file>.lock` (proper-lockfile's directory): how long it existed in total. */
function watchLock(file: string): () => number {
  let heldMs = 0;
  let since: bigint | undefined;
  const poll = () => {
    const held = existsSync(`${file}.lock`);
    if (held && since === undefined) since = process.hrtime.bigint();
    if (!held && since !== undefined) {
      heldMs += Number(process.hrtime.bigint() - since) / 1e6;
      since = undefined;
    }
  };
  const timer = setInterval(poll, 1);
  return () => {
    clearInterval(timer);
    poll();
    return heldMs;
  };
}

/**
 * 1000 profiles beside a large hand-written part: the edit under the lock must be linear in the
 * file size (goal: under 5 s in all, the lock held well under its 5 s stale time).
 */
async function besideHandWritten(megabytes: number): Promise<void> {
  const box = await makeSandbox(fake.url);
  try {
    await prepare(box, HAND_PROFILES, fake.grant);
    await box.writeCredentials(handWritten(megabytes));
    const env = { PATH: process.env.PATH, HOME: box.home, AWS_ENDPOINT_URL_SSO: fake.url };
    for (const [label, args] of [
      ["first sync (creates)", ["--quiet", "--concurrency", String(CONCURRENCY)]],
      ["--force (updates)", ["--quiet", "--force", "--concurrency", String(CONCURRENCY)]],
    ] as const) {
      const stop = watchLock(box.credentialsFile);
      const run = await timed(process.execPath, [CLI, ...args], env);
      const heldMs = stop();
      if (run.code !== 0) throw new Error(`sso-sync exited ${run.code} beside ${megabytes} MB`);
      // The goals are for 1 MB; larger files show the slope. The lock time is what the editor
      // decides (the total is mostly the portal's latency floor and the machine's load), so only
      // a lock held too long fails the bench.
      const slowLock = megabytes <= 1 && heldMs >= GOAL_LOCK_MS;
      const slowTotal = megabytes <= 1 && run.ms >= GOAL_TOTAL_MS;
      if (slowLock) process.exitCode = 1;
      const missed = [slowTotal ? "total" : "", slowLock ? "LOCK" : ""].filter(Boolean).join(", ");
      process.stdout.write(
        `${String(megabytes).padStart(5)} MB  ${label.padEnd(22)} ${run.ms.toFixed(0).padStart(8)} ms total ${heldMs.toFixed(0).padStart(8)} ms lock held${missed ? `   goal missed: ${missed}` : ""}\n`,
      );
    }
  } finally {
    await box.cleanup();
  }
}

const fake = await startFakeAws({ latencyMs: LATENCY_MS });
try {
  const nodeStart = await startupMs();
  process.stdout.write(
    `sso-sync bench: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, ${new Date().toISOString()}\n`,
  );
  process.stdout.write(
    `fake portal latency ${LATENCY_MS} ms, --concurrency ${CONCURRENCY}, median of ${REPEATS} runs; node -e 0 starts in ${nodeStart.toFixed(0)} ms\n\n`,
  );
  process.stdout.write(
    "profiles    wall ms   floor ms   wall/floor   max in flight   peak RSS MB\n",
  );
  const walls = new Map<number, number>();
  for (const size of SIZES) {
    const runsMs: number[] = [];
    const rss: number[] = [];
    let inFlight = 0;
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const box = await makeSandbox(fake.url);
      try {
        await prepare(box, size, fake.grant);
        fake.counters.maxInFlight = 0;
        const rssFile = join(box.home, "rss");
        const env = {
          PATH: process.env.PATH,
          HOME: box.home,
          AWS_ENDPOINT_URL_SSO: fake.url,
          SSO_SYNC_BENCH_RSS_FILE: rssFile,
        };
        const run = await timed(
          process.execPath,
          [MEASURE, "--quiet", "--concurrency", String(CONCURRENCY)],
          env,
        );
        if (run.code !== 0) throw new Error(`sso-sync exited ${run.code} for ${size} profiles`);
        runsMs.push(run.ms);
        rss.push(Number(await readFile(rssFile, "utf8")) / 1024);
        inFlight = Math.max(inFlight, fake.counters.maxInFlight);
      } finally {
        await box.cleanup();
      }
    }
    const floor = Math.ceil(size / CONCURRENCY) * LATENCY_MS + nodeStart;
    const wall = median(runsMs);
    walls.set(size, wall);
    const row = [
      String(size).padStart(8),
      wall.toFixed(0).padStart(9),
      floor.toFixed(0).padStart(10),
      `${(wall / floor).toFixed(2)}x`.padStart(12),
      String(inFlight).padStart(15),
      median(rss).toFixed(1).padStart(13),
    ];
    process.stdout.write(`${row.join(" ")}\n`);
  }
  if (existsSync(AWS_CLI)) {
    process.stdout.write(
      "\nthe AWS CLI way (get-role-credentials + 3 x configure set per profile, sequential, 1 run)\nprofiles   aws cli ms   sso-sync ms   speed-up\n",
    );
    for (const size of CLI_SIZES) {
      const cli = await awsCliWay(size);
      const ours = walls.get(size);
      const ratio = ours === undefined ? "-" : `${(cli / ours).toFixed(1)}x`;
      process.stdout.write(
        `${String(size).padStart(8)} ${cli.toFixed(0).padStart(12)} ${(ours?.toFixed(0) ?? "-").padStart(13)} ${ratio.padStart(10)}\n`,
      );
    }
  } else {
    process.stdout.write(`\n${AWS_CLI} not found: the AWS CLI comparison is skipped\n`);
  }
  const freshProfiles = 100;
  process.stdout.write(
    `\nall-fresh no-op, ${freshProfiles} profiles (median of ${Math.max(7, REPEATS)}, each beside node -e 0 with the same environment)\n`,
  );
  await noOp(freshProfiles);
  process.stdout.write(
    `\n${HAND_PROFILES} profiles beside a hand-written part (goal for 1 MB: < ${GOAL_TOTAL_MS} ms total, lock held < ${GOAL_LOCK_MS} ms, half the stale time; a lock held longer fails the bench)\n`,
  );
  for (const megabytes of HAND_MB) await besideHandWritten(megabytes);
  await benchThrottled();
} finally {
  await fake.close();
}
