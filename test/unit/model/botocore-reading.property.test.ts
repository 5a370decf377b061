import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseAwsConfig } from "../../../src/model/aws-config.js";
import { parseIniDocument, readSection, sectionNames } from "../../../src/model/ini-document.js";
import { type IniSection, parseIni, parseSubSection } from "../../../src/model/ini-sections.js";
import {
  type BotocoreReading,
  type BotocoreValue,
  botocoreRead,
  shrinkText,
} from "../../support/botocore-reader.js";
import { interopSkip } from "../../support/consumers.js";
import { iniTextArb } from "../../support/ini-arbitraries.js";

const skip = interopSkip();
const RUNS = Number(process.env.SSO_SYNC_FUZZ_RUNS ?? 3000);

type Values = Record<string, string>;

function plain(values: ReadonlyMap<string, string>): Values {
  return Object.fromEntries(values);
}

function nested(values: ReadonlyMap<string, string>): Record<string, BotocoreValue> {
  const result: Record<string, BotocoreValue> = {};
  for (const [key, value] of values) {
    const sub = value.startsWith("\n") ? parseSubSection(value) : undefined;
    result[key] = sub === undefined ? value : Object.fromEntries(sub);
  }
  return result;
}

function byName(
  entries: Iterable<readonly [string, IniSection]>,
): Record<string, Record<string, BotocoreValue>> {
  const result: Record<string, Record<string, BotocoreValue>> = {};
  for (const [name, section] of entries) result[name] = nested(section.values);
  return result;
}

/** What sso-sync reads from `text`, in botocore's shape; undefined where it sees a problem. */
function oursOf(text: string) {
  const parsed = parseIni(text);
  if (parsed.problems.length > 0) return undefined;
  const config = parseAwsConfig(text);
  const doc = parseIniDocument(text);
  return {
    sections: Object.fromEntries(parsed.sections.map((s) => [s.name, plain(s.values)])),
    nested: Object.fromEntries(parsed.sections.map((s) => [s.name, nested(s.values)])),
    profiles: byName(config.profiles),
    ssoSessions: byName(config.ssoSessions),
    // The lossless editor must see the same sections, in the same order, with the same keys.
    editorNames: sectionNames(doc),
    editorSections: Object.fromEntries(
      sectionNames(doc).map((name) => [name, plain(readSection(doc, name) ?? new Map())]),
    ),
  };
}

/** Undefined when sso-sync reads `text` exactly as botocore does, else what differs. */
function difference(text: string, theirs: BotocoreReading): string | undefined {
  const ours = oursOf(text);
  if (!theirs.ok)
    return ours === undefined
      ? undefined
      : `botocore rejects it (${theirs.error}), sso-sync does not`;
  if (ours === undefined)
    return `sso-sync sees a problem: ${JSON.stringify(parseIni(text).problems)}`;
  const checks: Array<[string, unknown, unknown]> = [
    ["sections", ours.sections, theirs.sections],
    ["sub-sections", ours.nested, theirs.nested],
    ["profiles", ours.profiles, theirs.profiles],
    ["sso-sessions", ours.ssoSessions, theirs.ssoSessions],
    ["editor section order", ours.editorNames, theirs.order],
    ["editor sections", ours.editorSections, theirs.sections],
  ];
  for (const [what, mine, expected] of checks) {
    try {
      assert.deepStrictEqual(mine, expected);
    } catch {
      return `${what}: sso-sync ${JSON.stringify(mine)} botocore ${JSON.stringify(expected)}`;
    }
  }
  return undefined;
}

function failing(texts: readonly string[]): boolean[] {
  const readings = botocoreRead(texts);
  return texts.map(
    (text, index) => difference(text, readings[index] as BotocoreReading) !== undefined,
  );
}

describe("sso-sync reads AWS INI files exactly as botocore does", () => {
  it("on generated files rich in line breaks, odd whitespace, brackets and quotes", {
    skip,
  }, () => {
    const seed = Number(process.env.SSO_SYNC_FUZZ_SEED ?? Date.now() % 2_147_483_647);
    const texts = fc.sample(iniTextArb, { numRuns: RUNS, seed });
    const readings = botocoreRead(texts);
    const accepted = readings.filter((reading) => reading.ok).length;
    // The generator must exercise both sides: files botocore reads, and files it rejects.
    assert.ok(accepted > RUNS / 5 && accepted < RUNS, `botocore accepted ${accepted} of ${RUNS}`);
    const bad = texts.findIndex(
      (text, index) => difference(text, readings[index] as BotocoreReading) !== undefined,
    );
    if (bad === -1) return;
    const smallest = shrinkText(texts[bad] as string, failing);
    const [reading] = botocoreRead([smallest]);
    assert.fail(
      `seed ${seed}: ${JSON.stringify(smallest)}: ${difference(smallest, reading as BotocoreReading)}`,
    );
  });

  it("on the cases the issue found", { skip }, () => {
    const cases = [
      "[dev]\rk = v\r[other]\rk = w\r",
      "[a]\nk = v\x85[b]\n",
      "[a]\nk = v\n\x1c[b]\n",
      "[a]\nk = v\n\x1d\x1ek2 = w\n",
      "[a]\nk = v\n\uFEFF[b]\nx = y\n",
      "\uFEFF[a]\nk = v\n",
      "[ dev ]\nk = v\n[dev]\nk = w\n",
      '[profile " sp "]\nregion = x\n',
      "[a]\nk = v\n\n  continued\n",
      "[a]\nk =\n  x = 1\x0by = 2\n",
      "[a]\ns3 =\n  no equals here\n",
      "[DEFAULT]\nregion = r\n[a]\nk = v\n",
      "[a] trailing\nk = v\n",
      "[a]\n[]=1\n",
      "[a]\n= 1\n",
      "  [a]\n  k = v\n   [b]\n",
    ];
    const readings = botocoreRead(cases);
    const differences = cases
      .map((text, index) => [text, difference(text, readings[index] as BotocoreReading)])
      .filter(([, why]) => why !== undefined);
    assert.deepEqual(differences, []);
  });
});
