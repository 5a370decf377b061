import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  type IniDocument,
  OWNER_KEY,
  parseIniDocument,
  readSection,
  renderIniDocument,
  sectionState,
} from "../../../src/model/ini-document.js";
import { dominantEol, scanWithStates } from "../../../src/model/ini-lines.js";
import { taggedEntries } from "../../support/entries.js";
import { removeOwnedSection, writeOwnedSection } from "../../support/owned-section.js";

const NAMES = ["a", "b", "team.dev", "ü-prod", "new"] as const;
const text = (chars: string) =>
  fc.string({ unit: fc.constantFrom(...chars.split("")), maxLength: 12 });
const valueText = text("abcXYZ019/+=#;: ü€-_.");
const eol = fc.constantFrom("\n", "\r\n");

const commentLine = fc
  .tuple(fc.constantFrom("#", ";", "  #", "\t; "), text("abc =[]ü#;"))
  .map(([mark, body]) => mark + body);
const blankLine = fc.constantFrom("", "  ", "\t");
const keyLine = fc
  .tuple(
    fc.constantFrom("region", "aws_access_key_id", "aws_session_token", "output", "x_custom"),
    fc.constantFrom(" = ", "=", "   =   ", ": "),
    valueText,
  )
  .map(([key, sep, value]) => key + sep + value);
const subSection = fc
  .tuple(fc.constantFrom("s3", "sso"), valueText)
  .map(([key, value]) => [`${key} =`, `  nested = ${value}`]);

interface Block {
  readonly name: string;
  readonly owned: boolean;
  readonly lines: string[];
}

const block: fc.Arbitrary<Block> = fc
  .record({
    name: fc.constantFrom(...NAMES),
    owned: fc.boolean(),
    body: fc.array(
      fc.oneof(
        keyLine.map((line) => [line]),
        commentLine.map((line) => [line]),
        blankLine.map((line) => [line]),
        subSection,
      ),
      { maxLength: 5 },
    ),
  })
  .map(({ name, owned, body }) => ({
    name,
    owned,
    lines: [`[${name}]`, ...(owned ? [`${OWNER_KEY} = ${name}`] : []), ...body.flat()],
  }));

const documentText = fc
  .record({
    preamble: fc.array(fc.oneof(commentLine, blankLine), { maxLength: 3 }),
    blocks: fc.array(block, { maxLength: 5 }),
    eols: fc.array(eol, { minLength: 1, maxLength: 4 }),
    finalEol: fc.boolean(),
  })
  .map(({ preamble, blocks, eols, finalEol }) => {
    const lines = [...preamble, ...blocks.flatMap((b) => b.lines)];
    const joined = lines.map((line, index) => line + (eols[index % eols.length] ?? "\n")).join("");
    return finalEol || joined === "" ? joined : joined.replace(/\r?\n$/, "");
  });

type Op =
  | { readonly kind: "write"; readonly name: string; readonly tag: string }
  | { readonly kind: "remove"; readonly name: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("write" as const),
    name: fc.constantFrom(...NAMES),
    tag: text("ABC123"),
  }),
  fc.record({ kind: fc.constant("remove" as const), name: fc.constantFrom(...NAMES) }),
);

const entries = taggedEntries;

/** The text of every section that is not ours, and the preamble, in file order. */
function foreignBlocks(doc: IniDocument): string[] {
  const blocks: string[] = [];
  let current: { owned: boolean; text: string } = { owned: false, text: "" };
  const flush = () => {
    if (!current.owned && current.text !== "") blocks.push(current.text.replace(/\r?\n$/, ""));
  };
  doc.lines.forEach((line, index) => {
    const info = doc.infos[index];
    if (info?.kind === "section") {
      flush();
      current = { owned: sectionState(doc, info.name) === "owned", text: "" };
    }
    current.text += line.text + line.eol;
  });
  flush();
  return blocks;
}

function containsInOrder(haystack: string, needles: readonly string[]): boolean {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from);
    if (at === -1) return false;
    from = at + needle.length;
  }
  return true;
}

describe("credentials editor properties", () => {
  it("keeps every byte it does not own and leaves exactly the expected owned sections", () => {
    fc.assert(
      fc.property(documentText, fc.array(op, { maxLength: 6 }), (original, ops) => {
        let doc = parseIniDocument(original);
        assert.equal(renderIniDocument(doc), original);
        const foreign = foreignBlocks(doc);
        const expected = new Map<string, string | undefined>();
        for (const step of ops) {
          if (step.kind === "remove") {
            if (sectionState(doc, step.name) === "owned") expected.set(step.name, undefined);
            doc = removeOwnedSection(doc, step.name);
          } else {
            const result = writeOwnedSection(doc, step.name, entries(step.tag), false);
            if (result.ok) {
              doc = result.doc;
              expected.set(step.name, step.tag);
            }
          }
        }
        const output = renderIniDocument(doc);
        assert.equal(renderIniDocument(parseIniDocument(output)), output);
        // The editor rescans only what it changed: its view must equal a full rescan.
        const rescanned: unknown = scanWithStates(doc.lines).infos;
        assert.deepEqual(rescanned, [...doc.infos]);
        assert.ok(containsInOrder(output, foreign), "a byte outside owned sections changed");
        for (const [name, tag] of expected) {
          const headers = doc.infos.filter(
            (info) => info.kind === "section" && info.name === name,
          ).length;
          if (tag === undefined) {
            assert.equal(headers, 0, `[${name}] should be gone`);
            continue;
          }
          assert.equal(headers, 1, `[${name}] must appear exactly once`);
          const section = readSection(doc, name);
          for (const [key, value] of entries(tag)) assert.equal(section?.get(key), value);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("writes no duplicate key into a section it owns", () => {
    fc.assert(
      fc.property(documentText, fc.constantFrom(...NAMES), text("ABC"), (original, name, tag) => {
        const result = writeOwnedSection(parseIniDocument(original), name, entries(tag), true);
        if (!result.ok) return;
        const lines = renderIniDocument(result.doc).split(/\r?\n/);
        const start = lines.indexOf(`[${name}]`);
        assert.ok(start >= 0);
        const end = lines.findIndex((line, index) => index > start && /^\s*\[/.test(line));
        const keys = lines
          .slice(start + 1, end === -1 ? undefined : end)
          .map((line) => /^([a-z_]+)\s*[=:]/.exec(line)?.[1])
          .filter((key) => key !== undefined);
        for (const [key] of entries(tag))
          assert.equal(keys.filter((k) => k === key).length, 1, `${key} in [${name}]`);
      }),
      { numRuns: 300 },
    );
  });
});

describe("credentials editor round trip", () => {
  it("writing a new section and removing it gives the original back (but for a final newline)", () => {
    fc.assert(
      fc.property(documentText, (original) => {
        const doc = parseIniDocument(original);
        const name = "sso-sync-round-trip";
        const written = writeOwnedSection(doc, name, entries("RT"), false);
        assert.ok(written.ok);
        const output = renderIniDocument(removeOwnedSection(written.doc, name));
        const terminated = /(^|\n)$/.test(original)
          ? original
          : `${original}${dominantEol(doc.lines)}`;
        assert.equal(output, terminated);
      }),
      { numRuns: 400 },
    );
  });
});
