import {
  classifyLine,
  dominantEol,
  indentAfter,
  joinLines,
  type LineInfo,
  type RawLine,
  scanLines,
  splitLines,
} from "./ini-lines.js";

/**
 * The key whose presence marks a credentials section as written (and owned) by sso-sync. The
 * editor also serves ~/.aws/config (populate), whose profiles carry another owner key.
 */
export const OWNER_KEY = "sso_sync_profile";

/** A credentials file as lines; every byte of it is kept until a section is changed on purpose. */
export interface CredentialsDocument {
  readonly lines: readonly RawLine[];
  readonly infos: readonly LineInfo[];
}

/** Lines [start, end) of one section: the header up to, not including, the next header. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** What is in the file under a section name. */
export type SectionState = "absent" | "owned" | "unowned" | "duplicate";

/** The result of writing one owned section. */
export type WriteResult =
  | {
      readonly ok: true;
      readonly doc: CredentialsDocument;
      readonly action: "created" | "updated" | "took-over";
    }
  | { readonly ok: false; readonly reason: "unowned" | "duplicate" };

/** Parses credentials file text without losing a byte. */
export function parseCredentials(text: string): CredentialsDocument {
  const lines = splitLines(text);
  return { lines, infos: scanLines(lines) };
}

/** The exact text of the document. */
export function renderCredentials(doc: CredentialsDocument): string {
  return joinLines(doc.lines);
}

// Documents are immutable, so each one's section index is built once: status and the fresh check
// look up every profile's section, and a linear scan per lookup is quadratic in the file size.
const spanIndex = new WeakMap<CredentialsDocument, Map<string, Span[]>>();

function spansOf(doc: CredentialsDocument, name: string): Span[] {
  return [...(indexFor(doc).get(name) ?? [])];
}

function indexFor(doc: CredentialsDocument): Map<string, Span[]> {
  let index = spanIndex.get(doc);
  if (index === undefined) {
    index = indexSpans(doc);
    spanIndex.set(doc, index);
  }
  return index;
}

function indexSpans(doc: CredentialsDocument): Map<string, Span[]> {
  const index = new Map<string, Span[]>();
  let open: { name: string; start: number } | undefined;
  const close = (end: number) => {
    if (open === undefined) return;
    const spans = index.get(open.name) ?? [];
    spans.push({ start: open.start, end });
    index.set(open.name, spans);
  };
  doc.infos.forEach((info, position) => {
    if (info.kind !== "section") return;
    close(position);
    open = { name: info.name, start: position };
  });
  close(doc.lines.length);
  return index;
}

function entriesOf(doc: CredentialsDocument, span: Span): Map<string, string> {
  const values = new Map<string, string>();
  for (let index = span.start + 1; index < span.end; index++) {
    const info = doc.infos[index];
    if (info?.kind === "entry" && !values.has(info.key)) values.set(info.key, info.value);
  }
  return values;
}

/** The keys of a section (first value of each), or undefined when the section is absent. */
export function readSection(
  doc: CredentialsDocument,
  name: string,
): Map<string, string> | undefined {
  const span = spansOf(doc, name)[0];
  return span === undefined ? undefined : entriesOf(doc, span);
}

/** Whether a section is absent, ours, someone else's, or present more than once. */
export function sectionState(
  doc: CredentialsDocument,
  name: string,
  owner: string = OWNER_KEY,
): SectionState {
  const spans = spansOf(doc, name);
  const owned = spans.filter((span) => entriesOf(doc, span).has(owner)).length;
  if (spans.length === 0) return "absent";
  if (owned < spans.length) return spans.length > 1 ? "duplicate" : "unowned";
  return "owned";
}

/** Names of every section, once each, in file order. */
export function sectionNames(doc: CredentialsDocument): string[] {
  return [...indexFor(doc).keys()];
}

/** Names of all sections sso-sync owns, in file order. */
export function ownedSectionNames(doc: CredentialsDocument, owner: string = OWNER_KEY): string[] {
  const names: string[] = [];
  doc.infos.forEach((info) => {
    if (
      info.kind === "section" &&
      !names.includes(info.name) &&
      sectionState(doc, info.name, owner) === "owned"
    ) {
      names.push(info.name);
    }
  });
  return names;
}

/**
 * Sets `entries` in section `name`: creates it at the end, updates it in place when it is ours
 * (other keys, comments and order kept), and refuses a section someone else wrote unless
 * `takeOver` is set. Extra copies of an owned section are removed so botocore can read the file.
 */
export function writeOwnedSection(
  doc: CredentialsDocument,
  name: string,
  entries: ReadonlyArray<readonly [string, string]>,
  takeOver: boolean,
  owner: string = OWNER_KEY,
): WriteResult {
  const state = sectionState(doc, name, owner);
  if (state === "duplicate") return { ok: false, reason: "duplicate" };
  if (state === "unowned" && !takeOver) return { ok: false, reason: "unowned" };
  const [first, ...extra] = spansOf(doc, name);
  if (first === undefined)
    return { ok: true, doc: appendSection(doc, name, entries), action: "created" };
  const trimmed = extra.reverse().reduce((current, span) => removeSpan(current, span), doc);
  // Removing a copy can take the blank line that ended the first one: find its span again.
  const span = spansOf(trimmed, name)[0] ?? first;
  const updated = updateSpan(trimmed, span, entries);
  return { ok: true, doc: updated, action: state === "unowned" ? "took-over" : "updated" };
}

/** Removes an owned section (all copies); leaves the document as is when it is absent or not ours. */
export function removeOwnedSection(
  doc: CredentialsDocument,
  name: string,
  owner: string = OWNER_KEY,
): CredentialsDocument {
  if (sectionState(doc, name, owner) !== "owned") return doc;
  return spansOf(doc, name)
    .reverse()
    .reduce((current, span) => removeSpan(current, span), doc);
}

/**
 * Takes sso-sync's `keys` (and their continuation lines) out of an owned section. A section left
 * with keys of the user's (a `region` they added) keeps its header and those keys; one left with
 * none goes whole, as removeOwnedSection does. Returns whether the section went.
 */
export function stripOwnedKeys(
  doc: CredentialsDocument,
  name: string,
  keys: ReadonlySet<string>,
  owner: string = OWNER_KEY,
): { doc: CredentialsDocument; kept: readonly string[] } {
  if (sectionState(doc, name, owner) !== "owned") return { doc, kept: [] };
  const kept = new Set<string>();
  const stripped = spansOf(doc, name)
    .reverse()
    .reduce((current, span) => {
      const userKeys = [...entriesOf(current, span).keys()].filter((key) => !keys.has(key));
      for (const key of userKeys) kept.add(key);
      return userKeys.length === 0 ? removeSpan(current, span) : dropKeys(current, span, keys);
    }, doc);
  return { doc: stripped, kept: [...kept] };
}

function dropKeys(
  doc: CredentialsDocument,
  span: Span,
  keys: ReadonlySet<string>,
): CredentialsDocument {
  const kept: RawLine[] = [];
  let dropping = false;
  for (let index = span.start; index < span.end; index++) {
    const info = doc.infos[index] as LineInfo;
    if (info.kind === "continuation" && dropping) continue;
    dropping = info.kind === "entry" && keys.has(info.key);
    if (!dropping) kept.push(doc.lines[index] as RawLine);
  }
  return splice(doc, span.start, span.end - span.start, kept);
}

/**
 * Replaces `deleteCount` lines at `start` with `insert`, rescanning only from `start` until the
 * scan meets a header that was a header before too: from there on every line reads as it did.
 * Editing a thousand sections one by one stays linear instead of rescanning the file each time.
 */
function splice(
  doc: CredentialsDocument,
  start: number,
  deleteCount: number,
  insert: readonly RawLine[],
): CredentialsDocument {
  const lines = [...doc.lines.slice(0, start), ...insert, ...doc.lines.slice(start + deleteCount)];
  const infos = doc.infos.slice(0, start);
  const shift = insert.length - deleteCount;
  let indent = entryIndentAt(doc, start);
  for (let index = start; index < lines.length; index++) {
    const text = (lines[index] as RawLine).text;
    const info = classifyLine(text, indent);
    const old = doc.infos[index - shift];
    if (index >= start + insert.length && info.kind === "section" && old?.kind === "section")
      return { lines, infos: [...infos, ...doc.infos.slice(index - shift)] };
    infos.push(info);
    indent = indentAfter(info, text, indent);
  }
  return { lines, infos };
}

/** The entry indentation in effect just before line `index`. */
function entryIndentAt(doc: CredentialsDocument, index: number): number | undefined {
  for (let at = index - 1; at >= 0; at--) {
    const info = doc.infos[at];
    if (info?.kind === "section") return undefined;
    if (info?.kind === "entry")
      return indentAfter(info, (doc.lines[at] as RawLine).text, undefined);
  }
  return undefined;
}

function appendSection(
  doc: CredentialsDocument,
  name: string,
  entries: ReadonlyArray<readonly [string, string]>,
): CredentialsDocument {
  const eol = dominantEol(doc.lines);
  const last = doc.lines.at(-1);
  const added: RawLine[] = [];
  // The last line gets a line ending if it had none; then always one blank line before an
  // appended section, so removing it (clean) can take exactly that line.
  if (last !== undefined)
    added.push({ text: last.text, eol: last.eol === "" ? eol : last.eol }, { text: "", eol });
  added.push({ text: `[${name}]`, eol });
  for (const [key, value] of entries) added.push({ text: `${key} = ${value}`, eol });
  const from = last === undefined ? 0 : doc.lines.length - 1;
  return splice(doc, from, doc.lines.length - from, added);
}

function updateSpan(
  doc: CredentialsDocument,
  span: Span,
  entries: ReadonlyArray<readonly [string, string]>,
): CredentialsDocument {
  const wanted = new Map(entries);
  const written = new Set<string>();
  const kept: RawLine[] = [];
  let dropping = false;
  let lastContent = 0;
  for (let index = span.start; index < span.end; index++) {
    const line = doc.lines[index] as RawLine;
    const info = doc.infos[index] as LineInfo;
    if (info.kind === "continuation" && dropping) continue;
    dropping = false;
    if (info.kind === "entry" && wanted.has(info.key)) {
      // A managed key is rewritten once; a second copy would make botocore refuse the file.
      dropping = true;
      if (written.has(info.key)) continue;
      written.add(info.key);
      kept.push({ text: `${info.key} = ${wanted.get(info.key)}`, eol: line.eol });
    } else {
      kept.push(line);
    }
    if (index === span.start || info.kind === "entry" || info.kind === "continuation")
      lastContent = kept.length;
  }
  const eol = dominantEol(doc.lines);
  const missing = entries
    .filter(([key]) => !written.has(key))
    .map(([key, value]) => ({ text: `${key} = ${value}`, eol }));
  if (missing.length > 0) {
    const anchor = kept[lastContent - 1];
    if (anchor !== undefined && anchor.eol === "")
      kept[lastContent - 1] = { text: anchor.text, eol };
    kept.splice(lastContent, 0, ...missing);
  }
  return splice(doc, span.start, span.end - span.start, kept);
}

function removeSpan(doc: CredentialsDocument, span: Span): CredentialsDocument {
  // Only the header and its keys go: comments and blank lines after them usually introduce the
  // next section, and a blank line before the header may be the user's, so those stay.
  let end = span.start + 1;
  for (let index = span.start + 1; index < span.end; index++) {
    const kind = doc.infos[index]?.kind;
    if (kind === "entry" || kind === "continuation" || kind === "invalid") end = index + 1;
  }
  // A section that ends the file was appended after the one blank line appendSection adds: take it too.
  const separator = end === doc.lines.length && doc.lines[span.start - 1]?.text === "";
  const start = separator ? span.start - 1 : span.start;
  return splice(doc, start, end - start, []);
}
