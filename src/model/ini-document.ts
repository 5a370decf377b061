import {
  DEFAULT_SECTION,
  joinLines,
  type LineInfo,
  type RawLine,
  type ScanState,
  scanWithStates,
  splitLines,
} from "./ini-lines.js";
import { oncePer } from "./once-per.js";
import { pythonRstrip } from "./python-text.js";

/**
 * The key whose presence marks a credentials section as written (and owned) by sso-sync. The
 * editor also serves ~/.aws/config (populate), whose profiles carry another owner key.
 */
export const OWNER_KEY = "sso_sync_profile";

/**
 * An AWS INI file (~/.aws/credentials or ~/.aws/config) as lines, each with its meaning to
 * botocore; every byte is kept until a section is changed on purpose.
 */
export interface IniDocument {
  readonly lines: readonly RawLine[];
  readonly infos: readonly LineInfo[];
  /** configparser's reading state just before each line. */
  readonly before: readonly ScanState[];
}

/** What is in the file under a section name. */
export type SectionState = "absent" | "owned" | "unowned" | "duplicate";

/** Lines [start, end) of one section (header up to the next header); content ends at its last key line. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly contentEnd: number;
}

interface SpanIndex {
  readonly sections: Map<string, Span[]>;
  readonly defaults: Span[];
}

/** Parses AWS INI text without losing a byte: one pass over the text, one over its lines. */
export function parseIniDocument(text: string): IniDocument {
  const lines = splitLines(text);
  const { infos, before } = scanWithStates(lines);
  return { lines, infos, before };
}

/** The exact text of the document. */
export function renderIniDocument(doc: IniDocument): string {
  return joinLines(doc.lines);
}

// Documents are immutable, so each one's section index is built once: status and the fresh check
// look up every profile's section, and a linear scan per lookup is quadratic in the file size.
const indexFor = oncePer((doc: IniDocument) => indexSpans(doc));

function indexSpans(doc: IniDocument): SpanIndex {
  const sections = new Map<string, Span[]>();
  const defaults: Span[] = [];
  let open: { name: string; start: number; contentEnd: number } | undefined;
  const close = (end: number) => {
    if (open === undefined) return;
    const span = { start: open.start, end, contentEnd: open.contentEnd };
    // configparser's [DEFAULT] is not a section: its keys go into every section.
    if (open.name === DEFAULT_SECTION) defaults.push(span);
    else {
      const spans = sections.get(open.name);
      if (spans === undefined) sections.set(open.name, [span]);
      else spans.push(span);
    }
  };
  doc.infos.forEach((info, position) => {
    if (info.kind === "section") {
      close(position);
      open = { name: info.name, start: position, contentEnd: position + 1 };
    } else if (open !== undefined && isSignificant(info)) open.contentEnd = position + 1;
  });
  close(doc.lines.length);
  return { sections, defaults };
}

/** Whether a line counts for configparser (not a blank line or a comment). */
export function isSignificant(info: LineInfo): boolean {
  return info.kind !== "blank" && info.kind !== "comment";
}

/** Every copy of a section, in file order ([DEFAULT] is not a section). */
export function spansOf(doc: IniDocument, name: string): readonly Span[] {
  return indexFor(doc).sections.get(name) ?? [];
}

/**
 * A section's values as configparser collects them, before `_join_multiline_values` strips
 * them: each key's lines joined with \n.
 */
export type RawValues = Map<string, string>;

/**
 * Collects a span's keys into `into` as configparser does: an entry (re)starts its key's value,
 * a continuation or an inner blank line extends it, an empty key ends it. `onDuplicate` hears
 * each key that `into` had already (botocore refuses such a file). The one place values are read.
 */
export function collectValues(
  doc: IniDocument,
  span: Span,
  into: RawValues,
  onDuplicate?: (key: string, line: number) => void,
): RawValues {
  let key: string | undefined;
  for (let index = span.start + 1; index < span.contentEnd; index++) {
    const info = doc.infos[index] as LineInfo;
    if (info.kind === "entry") {
      if (onDuplicate !== undefined && into.has(info.key)) onDuplicate(info.key, index);
      into.set(info.key, info.value);
      key = info.key;
    } else if (info.kind === "invalid" && info.problem === "empty-key") key = undefined;
    else if (key === undefined) continue;
    else if (info.kind === "continuation") into.set(key, `${into.get(key)}\n${info.value}`);
    // configparser keeps blank lines inside a value (a later continuation shows them); comments not.
    else if (info.kind === "blank") into.set(key, `${into.get(key)}\n`);
  }
  return into;
}

/** configparser's _join_multiline_values, in place: trailing whitespace dropped from each value. */
export function joinValues(raw: RawValues): Map<string, string> {
  // forEach, not for-of: no [key, value] array per entry (130,000 of them at 10,000 profiles).
  raw.forEach((value, name) => {
    raw.set(name, pythonRstrip(value));
  });
  return raw;
}

/** A span's values, and the keys it sets again (line index), which botocore refuses. */
export interface SpanReading {
  readonly values: ReadonlyMap<string, string>;
  readonly duplicates: ReadonlyArray<readonly [key: string, line: number]>;
}

const NO_DUPLICATES: SpanReading["duplicates"] = [];

// Spans are immutable: each one is read once, however often it is asked for (the fresh check
// asks for every profile's section twice, and the file's problems for every section again).
const readingOfSpan = new WeakMap<Span, SpanReading>();

/** A span's own keys, read once: see collectValues. */
export function readSpan(doc: IniDocument, span: Span): SpanReading {
  let reading = readingOfSpan.get(span);
  if (reading === undefined) {
    let duplicates: Array<readonly [string, number]> | undefined;
    const raw = collectValues(doc, span, new Map(), (key, line) => {
      duplicates ??= [];
      duplicates.push([key, line]);
    });
    reading = { values: joinValues(raw), duplicates: duplicates ?? NO_DUPLICATES };
    readingOfSpan.set(span, reading);
  }
  return reading;
}

/** A span's own keys with configparser's values (continuations and inner blank lines joined). */
export function ownValues(doc: IniDocument, span: Span): ReadonlyMap<string, string> {
  return readSpan(doc, span).values;
}

/**
 * The keys botocore reads in a section (its own, then [DEFAULT]'s it lacks), or undefined when
 * the section is absent.
 */
export function readSection(
  doc: IniDocument,
  name: string,
): ReadonlyMap<string, string> | undefined {
  const span = spansOf(doc, name)[0];
  if (span === undefined) return undefined;
  const own = ownValues(doc, span);
  const { defaults } = indexFor(doc);
  if (defaults.length === 0) return own;
  const values = new Map(own);
  for (const defaultsSpan of defaults)
    for (const [key, value] of ownValues(doc, defaultsSpan))
      if (!values.has(key)) values.set(key, value);
  return values;
}

/** The [DEFAULT] spans, in file order (configparser's defaults; their keys go into every section). */
export function defaultSpans(doc: IniDocument): readonly Span[] {
  return indexFor(doc).defaults;
}

/** Whether a section is absent, ours, someone else's, or present more than once. */
export function sectionState(
  doc: IniDocument,
  name: string,
  owner: string = OWNER_KEY,
): SectionState {
  const spans = spansOf(doc, name);
  const owned = spans.filter((span) => ownValues(doc, span).has(owner)).length;
  if (spans.length === 0) return "absent";
  if (owned < spans.length) return spans.length > 1 ? "duplicate" : "unowned";
  return "owned";
}

/** Names of every section, once each, in file order ([DEFAULT] is not a section). */
export function sectionNames(doc: IniDocument): string[] {
  return [...indexFor(doc).sections.keys()];
}

/** Names of all sections sso-sync owns, in file order. */
export function ownedSectionNames(doc: IniDocument, owner: string = OWNER_KEY): string[] {
  return sectionNames(doc).filter((name) => sectionState(doc, name, owner) === "owned");
}
