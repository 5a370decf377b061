import assert from "node:assert/strict";
import { existsSync, watch } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { botocoreRead } from "../support/botocore-reader.js";
import { useHarness } from "../support/harness.js";
import {
  HAND_WRITTEN,
  leftovers,
  SECTION_KEYS,
  sectionsOf,
  seeded,
  start,
  stressSetup,
} from "./stress-support.js";

const harness = useHarness();
const PROFILES = Array.from({ length: 10 }, (_, index) => `p${index}`);
const KILLS = Number(process.env.SSO_SYNC_IN_PLACE_KILLS ?? 200);
// A longer file makes the in-place write (and so the window a kill can tear) longer.
const PADDING = `${"# padding line kept byte for byte by every write\n".repeat(4000)}`;

/**
 * Runs sso-sync and SIGKILLs it `killAt` ms after start, or (`onJournal`) that long after its
 * journal appears (inotify): the second puts the kills inside the in-place write itself.
 */
function killed(
  args: readonly string[],
  env: Record<string, string>,
  dir: string,
  killAt: number,
  onJournal: boolean,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  if (!onJournal) return start(args, env, killAt);
  return start(args, env, undefined, (child) => {
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dir, (_event, name) => {
      // The journal appearing, or the file itself being written.
      const writing = name === ".credentials.sso-sync-journal" || name === "credentials";
      if (writing && timer === undefined) timer = setTimeout(() => child.kill("SIGKILL"), killAt);
    });
    return () => {
      watcher.close();
      clearTimeout(timer);
    };
  });
}

function keysOf(text: string): Array<string | undefined> {
  const sections = sectionsOf(text);
  return PROFILES.map((name) => sections.get(name)?.[0]?.get("aws_access_key_id"));
}

describe("SIGKILL at random points of --in-place writes", () => {
  it(`after each of ${KILLS} kills the next run leaves the old file or the new one`, async (t) => {
    const env = await stressSetup(harness, PROFILES, 300000000000);
    await writeFile(harness.box.credentialsFile, HAND_WRITTEN + PADDING, { mode: 0o600 });
    const file = harness.box.credentialsFile;
    const journal = join(harness.box.awsDir, ".credentials.sso-sync-journal");
    const random = seeded(21);
    let previous = await readFile(file, "utf8");
    const versions = new Set([previous]);
    const outcomes = { kills: 0, journalLeft: 0, unchanged: 0, replaced: 0, completed: 0 };
    let typicalMs = 1000;
    for (let round = 0; round < KILLS * 3 && outcomes.kills < KILLS; round++) {
      const began = Date.now();
      // Where to kill: anywhere from start-up to the end of a typical run (timing only picks
      // the point; nothing is asserted about time).
      const onJournal = round % 2 === 1;
      const killAt = Math.floor(random() * (onJournal ? 4 : typicalMs * 1.1));
      // Sync rounds grow the file, clean rounds shrink it (the tail of the old content is what
      // a kill between the write and the truncation would leave).
      const cleaning = round % 4 >= 2;
      const args = cleaning
        ? ["clean", "-q", "--in-place", "--lock-timeout", "0"]
        : ["--force", "-q", "--in-place", "--lock-timeout", "0"];
      const result = await killed(args, env, harness.box.awsDir, killAt, onJournal);
      if (result.signal === null) {
        outcomes.completed++;
        assert.equal(result.code, 0, `round ${round}: ${result.stderr}`);
        if (!onJournal && !cleaning)
          typicalMs = Math.round(0.8 * typicalMs + 0.2 * (Date.now() - began));
      } else {
        outcomes.kills++;
        if (existsSync(journal)) outcomes.journalLeft++;
        // The killed run is dead: its lock is removed here rather than waited stale (5 s),
        // which the lock's own tests cover.
        await rm(`${file}.lock`, { recursive: true, force: true });
        const next = await start(["clean", "--dry-run", "-q"], env);
        assert.equal(next.code, 0, `round ${round}: the next run failed: ${next.stderr}`);
      }
      assert.ok(!existsSync(journal), `round ${round}: a journal is left after a run`);
      const text = await readFile(file, "utf8");
      assert.ok(
        text.startsWith(HAND_WRITTEN + PADDING),
        `round ${round}: hand-written bytes changed`,
      );
      if (text === previous) {
        outcomes.unchanged++;
        continue;
      }
      if (cleaning) {
        assert.equal(text, HAND_WRITTEN + PADDING, `round ${round}: not the cleaned file`);
      } else {
        const sections = sectionsOf(text);
        for (const name of PROFILES) {
          const copies = sections.get(name) ?? [];
          assert.equal(copies.length, 1, `round ${round}: [${name}] ${copies.length} times`);
          for (const key of SECTION_KEYS) assert.ok(copies[0]?.get(key), `round ${round}: ${key}`);
        }
        // One run writes all ten sections at once: every key is new, or none is.
        const before = keysOf(previous);
        assert.ok(
          keysOf(text).every((key, index) => key !== before[index]),
          `round ${round}: old and new keys mixed`,
        );
      }
      outcomes.replaced++;
      versions.add(text);
      previous = text;
    }
    t.diagnostic(`outcomes: ${JSON.stringify(outcomes)}`);
    assert.equal(outcomes.kills, KILLS, `only ${outcomes.kills} kills landed`);
    assert.ok(outcomes.replaced > 0 && outcomes.unchanged > 0, JSON.stringify(outcomes));
    // Every version a run left, read as the AWS CLI reads it.
    const readings = botocoreRead([...versions]);
    readings.forEach((reading, index) => {
      assert.ok(reading.ok, `version ${index}: botocore refuses it`);
      if (reading.ok && keysOf([...versions][index] ?? "")[0] !== undefined)
        for (const name of PROFILES) assert.ok(reading.sections[name]?.aws_access_key_id);
    });
    assert.deepEqual(await leftovers(harness.box.awsDir), []);
  });
});
