import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { OWNER_KEY, parseIniDocument, renderIniDocument } from "../../../src/model/ini-document.js";
import {
  removeOwnedSections,
  type SectionWrite,
  type WriteOutcome,
  writeOwnedSections,
} from "../../../src/model/ini-editor.js";
import { dominantEol } from "../../../src/model/ini-lines.js";
import { parseIni } from "../../../src/model/ini-sections.js";
import { type BotocoreReading, botocoreRead } from "../../support/botocore-reader.js";
import { interopSkip } from "../../support/consumers.js";
import { taggedEntries } from "../../support/entries.js";
import { eolArb } from "../../support/ini-arbitraries.js";

const skip = interopSkip();

/** Whether a section of the batch was written (not refused). */
const isWritten = (outcome: WriteOutcome | undefined) =>
  outcome !== undefined && outcome.action !== "refused";
const RUNS = Number(process.env.SSO_SYNC_FUZZ_RUNS ?? 600);

// Names botocore reads literally: surrounding spaces, brackets inside, a dot, non-ASCII.
const NAMES = ["a", "b", " a ", "team.dev", "ü-prod", "x]y", "new", "[z"] as const;
const INDENTS = ["", "", " ", "  ", "\t", "\x1c"];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const valueText = fc
  .array(pick(["a", "Z", "0", "/", "+", "=", "#", ";", ":", " ", "\x85", "ü"]), { maxLength: 8 })
  .map((parts) => parts.join("").trim() || "v");

interface Block {
  readonly lines: string[];
}

/** A section: a header (maybe indented), keys at one indentation, sub-sections, blank lines. */
const block: fc.Arbitrary<Block> = fc
  .record({
    name: fc.oneof(pick(NAMES), fc.constant("DEFAULT")),
    owned: fc.boolean(),
    headerIndent: pick(["", "", " "]),
    keyIndent: pick(INDENTS),
    body: fc.array(
      fc.oneof(
        fc
          .tuple(
            pick(["region", "aws_access_key_id", "aws_session_token", "output", "x"]),
            valueText,
          )
          .map(([key, value]) => [`${key} = ${value}`]),
        fc.tuple(pick(["#", ";"]), valueText).map(([mark, text]) => [`${mark} ${text}`]),
        fc.constant([""]),
        fc.constant(["s3 =", "  max_concurrent_requests = 10"]),
        // An indented line after a blank line still continues the key above it.
        valueText.map((text) => ["", `    ${text}`]),
      ),
      { maxLength: 5 },
    ),
  })
  .map(({ name, owned, headerIndent, keyIndent, body }) => ({
    lines: [
      `${headerIndent}[${name}]`,
      ...(owned ? [`${OWNER_KEY} = ${name.trim() || "x"}`] : []),
      ...body.flat(),
    ].map((line, index) =>
      // Keys take the section's indentation; blank lines, comments and deeper lines stay.
      index > 0 && /^[a-z_0-9]+ *[=:]/.test(line) ? keyIndent + line : line,
    ),
  }));

const documentText = fc
  .record({
    preamble: fc.array(pick(["# hand-written", "", "; notes"]), { maxLength: 2 }),
    blocks: fc.array(block, { maxLength: 5 }),
    eols: fc.array(eolArb, { minLength: 1, maxLength: 3 }),
    finalEol: fc.boolean(),
  })
  .map(({ preamble, blocks, eols, finalEol }) => {
    const lines = [...preamble, ...blocks.flatMap((b) => b.lines)];
    const text = lines.map((line, index) => line + (eols[index % eols.length] ?? "\n")).join("");
    return finalEol ? text : text.replace(/(\r\n|\r|\n)$/, "");
  });

const writesArb = fc.array(
  fc.record({ name: pick(NAMES), tag: fc.stringMatching(/^[A-Z0-9]{1,4}$/) }),
  { maxLength: 5 },
);

type Sections = Record<string, Record<string, string>>;

function sectionsOf(reading: BotocoreReading | undefined): Sections | undefined {
  return reading?.ok === true ? reading.sections : undefined;
}

describe("what the editor writes, judged by botocore", () => {
  it("written sections read back as exactly their keys; every other section reads as before", {
    skip,
  }, () => {
    const seed = Number(process.env.SSO_SYNC_FUZZ_SEED ?? Date.now() % 2_147_483_647);
    const cases = fc.sample(
      fc.tuple(documentText, writesArb, fc.array(pick(NAMES), { maxLength: 3 }), fc.boolean()),
      { numRuns: RUNS, seed },
    );
    const edited = cases.map(([text, writes, removals, takeOver]) => {
      const sectionWrites: SectionWrite[] = writes.map(({ name, tag }) => ({
        name,
        entries: taggedEntries(tag),
      }));
      const written = writeOwnedSections(parseIniDocument(text), sectionWrites, takeOver);
      const removable = removals.filter(
        (name) =>
          !sectionWrites.some(
            (write, index) => write.name === name && isWritten(written.outcomes[index]),
          ),
      );
      const removed = removeOwnedSections(written.doc, removable);
      return {
        text,
        sectionWrites,
        outcomes: written.outcomes,
        removed: removed.removed,
        after: renderIniDocument(removed.doc),
      };
    });
    const readings = botocoreRead(edited.flatMap((edit) => [edit.text, edit.after]));
    let judged = 0;
    edited.forEach((edit, index) => {
      const before = sectionsOf(readings[2 * index]);
      if (before === undefined) return;
      judged++;
      const where = `seed ${seed}, ${JSON.stringify(edit.text)} -> ${JSON.stringify(edit.after)}`;
      const after = sectionsOf(readings[2 * index + 1]);
      if (after === undefined) {
        // A [DEFAULT] sub-section botocore cannot read breaks the file once any section exists:
        // the only way a new section makes a readable file unreadable, and sso-sync says so.
        const problems = parseIni(edit.after).problems;
        assert.ok(problems.length > 0, `botocore rejects the edited file: ${where}`);
        for (const problem of problems)
          assert.match(problem.message, /\[DEFAULT\].*inherits/, where);
        return;
      }
      const mine = new Map<string, ReadonlyArray<readonly [string, string]>>();
      edit.sectionWrites.forEach((write, at) => {
        if (isWritten(edit.outcomes[at])) mine.set(write.name, write.entries);
      });
      for (const [name, entries] of mine)
        for (const [key, value] of entries)
          assert.equal(after[name]?.[key], value, `${key} of [${name}]: ${where}`);
      for (const name of edit.removed) assert.equal(after[name], undefined, `[${name}]: ${where}`);
      for (const [name, values] of Object.entries(before)) {
        if (mine.has(name) || edit.removed.includes(name)) continue;
        assert.deepEqual(after[name], values, `[${name}] changed: ${where}`);
      }
    });
    assert.ok(judged > RUNS / 4, `only ${judged} of ${RUNS} generated files were readable`);
  });

  it("sections added and then removed leave the file byte for byte as it was", { skip }, () => {
    const seed = Number(process.env.SSO_SYNC_FUZZ_SEED ?? Date.now() % 2_147_483_647);
    const texts = fc.sample(documentText, { numRuns: RUNS, seed });
    for (const text of texts) {
      const names = ["sso-a", " sso b ", "sso-c"];
      const writes = names.map((name) => ({ name, entries: taggedEntries("RT") }));
      const added = writeOwnedSections(parseIniDocument(text), writes, false).doc;
      const removed = removeOwnedSections(added, names);
      assert.deepEqual(removed.removed, names);
      // A last line without a line ending gets one when something is appended after it.
      const ended = /(\r\n|\r|\n)$/.test(text) || text === "";
      const expected = ended ? text : text + dominantEol(parseIniDocument(text).lines);
      assert.equal(
        renderIniDocument(removed.doc),
        expected,
        `seed ${seed}: ${JSON.stringify(text)}`,
      );
    }
  });
});
