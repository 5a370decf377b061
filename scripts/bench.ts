// `npm run bench`: the shipped bin against the loopback fake portal with a fixed latency, side by
// side with what the work cannot avoid (docs/performance.md):
// - a sync of N profiles against its floor, `node -e 0` plus ceil(N / concurrency) round trips;
// - the all-fresh no-op against `node -e 0`;
// - the all-fresh run at 10,000 profiles against the one at 100, and the peak RSS at 10,000.
// Runs are interleaved and repeated and the medians compared, so that a loaded machine slows both
// sides alike: read the ratios, not the milliseconds. Every command runs in the same bare
// environment (no NODE_OPTIONS, no NODE_EXTRA_CA_CERTS). A missed target sets the exit code.
import { rm } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { DEFAULTS } from "../src/model/defaults.js";
import { type FakeAws, startFakeAws } from "../test/support/fake-aws.js";
import { makeSandbox, type Sandbox } from "../test/support/sandbox.js";
import { benchExtras } from "./bench-extras.js";
import { BIN, bareEnv, median, prepare, timed } from "./bench-run.js";
import { benchThrottled } from "./bench-throttled.js";
import { benchWritePath } from "./bench-write-path.js";
import { peakRss } from "./measure-rss.js";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SIZES = (process.env.BENCH_SIZES ?? "1,20,100").split(",").map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 9);
const BIG = Number(process.env.BENCH_BIG ?? 10_000);
const SMALL = 100;
const CONCURRENCY = DEFAULTS.concurrency;
const TARGETS = { sync: 1.5, noOp: 1.5, big: 3, rssMb: 120 };
const missed: string[] = [];

function verdict(ok: boolean, what: string): string {
  if (!ok) missed.push(what);
  return ok ? "ok" : "MISSED";
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
}

/** A sandbox with `size` profiles whose code cache is warm (one run already made it). */
async function warmBox(fake: FakeAws, size: number): Promise<{ box: Sandbox; coldMs: number }> {
  const box = await makeSandbox(fake.url);
  await prepare(box, size, fake.grant);
  const cold = await timed(process.execPath, [BIN, "--quiet"], bareEnv(box, fake.url));
  if (cold.code !== 0) throw new Error(`sso-sync exited ${cold.code} for ${size} profiles`);
  return { box, coldMs: cold.ms };
}

async function run(box: Sandbox, fake: FakeAws, what: string): Promise<number> {
  const result = await timed(process.execPath, [BIN, "--quiet"], bareEnv(box, fake.url));
  if (result.code !== 0) throw new Error(`sso-sync exited ${result.code}: ${what}`);
  return result.ms;
}

/** Sync against its floor at each size, interleaved with `node -e 0` in the same environment. */
async function syncAgainstFloor(fake: FakeAws): Promise<Map<number, number>> {
  const boxes = new Map<number, { box: Sandbox; coldMs: number }>();
  for (const size of SIZES) boxes.set(size, await warmBox(fake, size));
  const node: number[] = [];
  const walls = new Map<number, number[]>(SIZES.map((size) => [size, []]));
  let inFlight = 0;
  for (let round = 0; round < REPEATS; round++) {
    for (const size of SIZES) {
      const { box } = boxes.get(size) as { box: Sandbox };
      node.push((await timed(process.execPath, ["-e", "0"], bareEnv(box, fake.url))).ms);
      await rm(box.credentialsFile, { force: true });
      fake.counters.maxInFlight = 0;
      walls.get(size)?.push(await run(box, fake, `sync of ${size}`));
      inFlight = Math.max(inFlight, fake.counters.maxInFlight);
    }
  }
  const start = median(node);
  process.stdout.write(
    `\nsync against its floor (node -e 0 = ${start.toFixed(0)} ms, + ceil(N/${CONCURRENCY}) x ${LATENCY_MS} ms), median of ${REPEATS}, code cache warm; max ${inFlight} requests in flight\n`,
  );
  process.stdout.write(
    "profiles    sync ms   floor ms   sync/floor   target   first run (cold cache) ms\n",
  );
  const medians = new Map<number, number>();
  for (const size of SIZES) {
    const wall = median(walls.get(size) ?? []);
    medians.set(size, wall);
    const floor = start + Math.ceil(size / CONCURRENCY) * LATENCY_MS;
    const ratio = wall / floor;
    const ok = verdict(ratio <= TARGETS.sync, `sync of ${size} within ${TARGETS.sync}x its floor`);
    const cold = boxes.get(size)?.coldMs ?? Number.NaN;
    process.stdout.write(
      `${String(size).padStart(8)} ${wall.toFixed(0).padStart(10)} ${floor.toFixed(0).padStart(10)} ${`${ratio.toFixed(2)}x`.padStart(12)} ${`${ok} ≤${TARGETS.sync}x`.padStart(9)} ${cold.toFixed(0).padStart(14)}\n`,
    );
  }
  for (const { box } of boxes.values()) await box.cleanup();
  return medians;
}

/** The all-fresh no-op at 100 profiles against `node -e 0`, interleaved. */
async function noOpAgainstNode(fake: FakeAws, box: Sandbox): Promise<number[]> {
  const requests = fake.counters.portalRequests;
  const node: number[] = [];
  const noOp: number[] = [];
  for (let round = 0; round < REPEATS; round++) {
    node.push((await timed(process.execPath, ["-e", "0"], bareEnv(box, fake.url))).ms);
    noOp.push(await run(box, fake, "no-op"));
  }
  if (fake.counters.portalRequests !== requests) throw new Error("a no-op run called the portal");
  const ratio = median(noOp) / median(node);
  const ok = verdict(ratio <= TARGETS.noOp, `no-op within ${TARGETS.noOp}x node -e 0`);
  process.stdout.write(
    `\nall-fresh no-op, ${SMALL} profiles: ${median(noOp).toFixed(0)} ms against node -e 0 ${median(node).toFixed(0)} ms: ${ratio.toFixed(2)}x (${ok}, target ≤${TARGETS.noOp}x), median of ${REPEATS}\n`,
  );
  return noOp;
}

/** The all-fresh run at BIG profiles against the one at SMALL, and the peak RSS of both runs at BIG. */
async function bigAgainstSmall(fake: FakeAws, small: Sandbox): Promise<void> {
  const box = await makeSandbox(fake.url);
  try {
    await prepare(box, BIG, fake.grant);
    const env = bareEnv(box, fake.url);
    const rssFile = join(box.home, "rss");
    // The first run: it syncs every profile (and makes the code cache, so its RSS is the larger).
    const syncRss = await peakRss(env, rssFile);
    const freshRss = await peakRss(env, rssFile);
    const bigRuns: number[] = [];
    const smallRuns: number[] = [];
    for (let round = 0; round < REPEATS; round++) {
      smallRuns.push(await run(small, fake, `fresh run of ${SMALL}`));
      bigRuns.push(await run(box, fake, `fresh run of ${BIG}`));
    }
    const ratio = median(bigRuns) / median(smallRuns);
    const ok = verdict(ratio <= TARGETS.big, `fresh run of ${BIG} within ${TARGETS.big}x ${SMALL}`);
    process.stdout.write(
      `\nall-fresh run, ${BIG} profiles: ${median(bigRuns).toFixed(0)} ms against ${median(smallRuns).toFixed(0)} ms at ${SMALL}: ${ratio.toFixed(2)}x (${ok}, target ≤${TARGETS.big}x), median of ${REPEATS}\n`,
    );
    const rssOk = verdict(syncRss <= TARGETS.rssMb, `sync of ${BIG} within ${TARGETS.rssMb} MB`);
    process.stdout.write(
      `peak RSS at ${BIG} profiles: sync ${syncRss.toFixed(1)} MB (${rssOk}, target ≤${TARGETS.rssMb} MB), all-fresh run ${freshRss.toFixed(1)} MB\n`,
    );
  } finally {
    await box.cleanup();
  }
}

const fake = await startFakeAws({ latencyMs: LATENCY_MS });
try {
  process.stdout.write(
    `sso-sync bench: ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, ${new Date().toISOString()}\nload average at start: ${load()}; fake portal latency ${LATENCY_MS} ms, default --concurrency (${CONCURRENCY})\n`,
  );
  const walls = await syncAgainstFloor(fake);
  const { box: small } = await warmBox(fake, SMALL);
  try {
    await noOpAgainstNode(fake, small);
    await bigAgainstSmall(fake, small);
    await benchWritePath(fake, small);
  } finally {
    await small.cleanup();
  }
  process.stdout.write(`\nload average after the comparisons: ${load()}\n`);
  if (process.env.BENCH_EXTRAS !== "0") {
    await benchExtras(fake, walls);
    await benchThrottled();
  }
} finally {
  await fake.close();
}
if (missed.length > 0) {
  process.stdout.write(`\nmissed: ${missed.join("; ")}\n`);
  process.exitCode = 1;
}
