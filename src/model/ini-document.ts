import {
  DEFAULT_SECTION,
  joinLines,
  type LineInfo,
  type RawLine,
  type ScanState,
  scanWithStates,
  splitLines,
} from "./ini-lines.js";
import { addValueLine, joinValue, type RawValues } from "./ini-sections.js";

/**
 * The key whose presence marks a credentials section as written (and owned) by sso-sync. The
 * editor also serves ~/.aws/config (populate), whose profiles carry another owner key.
 */
export const OWNER_KEY = "sso_sync_profile";

/** A credentials file as lines; every byte of it is kept until a section is changed on purpose. */
export interface CredentialsDocument {
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

/** Parses credentials file text without losing a byte. */
export function parseCredentials(text: string): CredentialsDocument {
  return documentOf(splitLines(text));
}

function documentOf(lines: RawLine[]): CredentialsDocument {
  const { infos, before } = scanWithStates(lines);
  return { lines, infos, before };
}

/** The exact text of the document. */
export function renderCredentials(doc: CredentialsDocument): string {
  return joinLines(doc.lines);
}

// Documents are immutable, so each one's section index is built once: status and the fresh check
// look up every profile's section, and a linear scan per lookup is quadratic in the file size.
const spanIndex = new WeakMap<CredentialsDocument, SpanIndex>();

function indexFor(doc: CredentialsDocument): SpanIndex {
  let index = spanIndex.get(doc);
  if (index === undefined) {
    index = indexSpans(doc);
    spanIndex.set(doc, index);
  }
  return index;
}

function indexSpans(doc: CredentialsDocument): SpanIndex {
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
export function spansOf(doc: CredentialsDocument, name: string): readonly Span[] {
  return indexFor(doc).sections.get(name) ?? [];
}

/** A span's own keys with configparser's values (continuations and inner blank lines joined). */
export function ownValues(doc: CredentialsDocument, span: Span): Map<string, string> {
  const raw: RawValues = new Map();
  let key: string | undefined;
  for (let index = span.start + 1; index < span.contentEnd; index++) {
    const info = doc.infos[index] as LineInfo;
    if (info.kind === "entry") {
      raw.set(info.key, [info.value]);
      key = info.key;
    } else if (info.kind === "invalid" && info.problem === "empty-key") key = undefined;
    else if (key !== undefined) addValueLine(raw, key, info);
  }
  const values = new Map<string, string>();
  for (const [name, lines] of raw) values.set(name, joinValue(lines));
  return values;
}

/**
 * The keys botocore reads in a section (its own, then [DEFAULT]'s it lacks), or undefined when
 * the section is absent.
 */
export function readSection(
  doc: CredentialsDocument,
  name: string,
): Map<string, string> | undefined {
  const span = spansOf(doc, name)[0];
  if (span === undefined) return undefined;
  const values = ownValues(doc, span);
  for (const defaults of indexFor(doc).defaults)
    for (const [key, value] of ownValues(doc, defaults))
      if (!values.has(key)) values.set(key, value);
  return values;
}

/** Whether a section is absent, ours, someone else's, or present more than once. */
export function sectionState(
  doc: CredentialsDocument,
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
export function sectionNames(doc: CredentialsDocument): string[] {
  return [...indexFor(doc).sections.keys()];
}

/** Names of all sections sso-sync owns, in file order. */
export function ownedSectionNames(doc: CredentialsDocument, owner: string = OWNER_KEY): string[] {
  return sectionNames(doc).filter((name) => sectionState(doc, name, owner) === "owned");
}
