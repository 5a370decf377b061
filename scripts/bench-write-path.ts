// The write path of `npm run bench`: one `--force` sync of 100 profiles under strace, each step
// of the locked write timed from its system calls (docs/performance.md says why each is there).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FakeAws } from "../test/support/fake-aws.js";
import type { Sandbox } from "../test/support/sandbox.js";
import { BIN, bareEnv, timed } from "./bench-run.js";

const STRACE = "/usr/bin/strace";
const CALLS = "mkdir,rmdir,openat,read,pread64,write,pwrite64,fsync,fdatasync,rename,close";

/** One finished system call: when it started (s), how long it took (s), its text. */
interface Call {
  readonly at: number;
  readonly took: number;
  readonly name: string;
  readonly text: string;
}

/** strace -f -tt -T -y output as finished calls, each unfinished call joined to its end. */
function calls(output: string): Call[] {
  const open = new Map<string, { at: number; text: string }>();
  const done: Call[] = [];
  for (const line of output.split("\n")) {
    const match = /^(\d+)\s+(\d+):(\d+):([\d.]+) (.*)$/.exec(line);
    if (match === null) continue;
    const [, pid = "", h = "0", m = "0", s = "0", rest = ""] = match;
    const at = Number(h) * 3600 + Number(m) * 60 + Number(s);
    if (rest.endsWith("<unfinished ...>")) {
      open.set(pid, { at, text: rest });
      continue;
    }
    const resumed = /^<\.\.\. (\w+) resumed>/.exec(rest);
    const started = resumed === null ? { at, text: rest } : open.get(pid);
    const took = Number(/<([\d.]+)>$/.exec(rest)?.[1] ?? Number.NaN);
    const name = resumed?.[1] ?? /^(\w+)\(/.exec(rest)?.[1] ?? "";
    if (started === undefined || Number.isNaN(took)) continue;
    done.push({ at: started.at, took, name, text: `${started.text} ${rest}` });
  }
  return done.sort((a, b) => a.at - b.at);
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(2).padStart(8)} ms`;

/** Times the steps of one locked write; skipped where strace is not installed. */
export async function benchWritePath(fake: FakeAws, box: Sandbox): Promise<void> {
  if (!existsSync(STRACE)) {
    process.stdout.write(`\n${STRACE} not found: the write path's steps are not timed\n`);
    return;
  }
  const trace = join(box.home, "strace.txt");
  const args = ["-f", "-tt", "-T", "-y", "-e", `trace=${CALLS}`, "-o", trace];
  const run = await timed(
    STRACE,
    [...args, process.execPath, BIN, "--quiet", "--force"],
    bareEnv(box, fake.url),
  );
  if (run.code !== 0) throw new Error(`sso-sync under strace exited ${run.code}`);
  const all = calls(await readFile(trace, "utf8"));
  const file = box.credentialsFile;
  const lock = all.find((call) => call.name === "mkdir" && call.text.includes(`${file}.lock"`));
  const unlock = all.findLast(
    (call) => call.name === "rmdir" && call.text.includes(`${file}.lock"`),
  );
  const rename = all.find((call) => call.name === "rename" && call.text.includes(`"${file}"`));
  if (lock === undefined || unlock === undefined || rename === undefined) {
    process.stdout.write("\nwrite path: the trace holds no locked write (nothing timed)\n");
    return;
  }
  const held = all.filter((call) => call.at >= lock.at && call.at <= unlock.at);
  const reads = held.filter((call) => call.name === "read" && call.text.includes(`<${file}>`));
  const lastRead = reads.at(-1);
  const tempOpen = held.find(
    (call) => call.name === "openat" && /sso-sync-.*\.tmp/.test(call.text),
  );
  const fsyncs = held.filter((call) => call.name === "fsync" || call.name === "fdatasync");
  const tempSync = fsyncs.find((call) => /\.tmp>/.test(call.text));
  const dirSync = fsyncs.find((call) => !/\.tmp>/.test(call.text));
  const writes = held.filter((call) => call.name === "write" && /\.tmp>/.test(call.text));
  const steps: Array<[string, number | undefined]> = [
    ["take the lock (mkdir .lock)", lock.took],
    [
      "re-read the file under the lock",
      lastRead && reads[0] ? lastRead.at + lastRead.took - reads[0].at : undefined,
    ],
    [
      "edit + read-back check (CPU)",
      lastRead && tempOpen ? tempOpen.at - (lastRead.at + lastRead.took) : undefined,
    ],
    ["write the temp file", writes.reduce((sum, call) => sum + call.took, 0)],
    ["fsync the temp file", tempSync?.took],
    ["rename over the file", rename.took],
    ["fsync the directory", dirSync?.took],
    ["release the lock (rmdir .lock)", unlock.took],
    ["lock held in all", unlock.at + unlock.took - lock.at],
  ];
  process.stdout.write(
    "\nwrite path, --force sync of 100 profiles, one run under strace (slows each call)\n",
  );
  for (const [label, seconds] of steps)
    process.stdout.write(
      `  ${label.padEnd(34)} ${seconds === undefined ? "      (not seen)" : ms(seconds)}\n`,
    );
}
