import {
  classifyLine,
  DEFAULT_SECTION,
  dominantEol,
  type Eol,
  joinLines,
  type LineInfo,
  type RawLine,
  type ScanState,
  START_STATE,
  scanWithStates,
  splitLines,
  stateAfter,
} from "./ini-lines.js";
import { addValueLine, joinValue, type RawValues } from "./ini-sections.js";
import { sectionNameProblem, valueProblem } from "./ini-writable.js";
import { leadingSpace } from "./python-text.js";

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

/** Why a section was not written. */
export type WriteRefusal = "unowned" | "duplicate";

/** The outcome of one section write in a batch. */
export type WriteOutcome =
  | { readonly ok: true; readonly action: "created" | "updated" | "took-over" }
  | { readonly ok: false; readonly reason: WriteRefusal };

/** The result of writing one owned section. */
export type WriteResult =
  | {
      readonly ok: true;
      readonly doc: CredentialsDocument;
      readonly action: "created" | "updated" | "took-over";
    }
  | { readonly ok: false; readonly reason: WriteRefusal };

/** One section to write: its name and the keys sso-sync owns in it, in writing order. */
export interface SectionWrite {
  readonly name: string;
  readonly entries: ReadonlyArray<readonly [string, string]>;
}

/** Lines [start, end) of one section (header up to the next header); content ends at its last key line. */
interface Span {
  readonly start: number;
  readonly end: number;
  readonly contentEnd: number;
}

interface SpanIndex {
  readonly sections: Map<string, Span[]>;
  readonly defaults: Span[];
}

/** A line of an edited document and the line of the original it is (-1: written by sso-sync). */
interface Placed {
  readonly line: RawLine;
  readonly origin: number;
}

/** Lines [start, end) of the original replaced by `lines`. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly lines: readonly Placed[];
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

function isSignificant(info: LineInfo): boolean {
  return info.kind !== "blank" && info.kind !== "comment";
}

function spansOf(doc: CredentialsDocument, name: string): readonly Span[] {
  return indexFor(doc).sections.get(name) ?? [];
}

/** A span's own keys with configparser's values (continuations and inner blank lines joined). */
function ownValues(doc: CredentialsDocument, span: Span): Map<string, string> {
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
  const written = writeOwnedSections(doc, [{ name, entries }], takeOver, owner);
  const outcome = written.outcomes[0] as WriteOutcome;
  return outcome.ok ? { ...outcome, doc: written.doc } : outcome;
}

/**
 * writeOwnedSection for many sections in one pass over the document, so a sync of a thousand
 * profiles costs one copy of the file, not one per profile. Writes are decided in order (a name
 * written twice keeps the later entries). Every line sso-sync does not own keeps its bytes and
 * its meaning to botocore; each written section reads back, through botocore's rules, as exactly
 * its entries.
 */
export function writeOwnedSections(
  doc: CredentialsDocument,
  writes: readonly SectionWrite[],
  takeOver: boolean,
  owner: string = OWNER_KEY,
): { doc: CredentialsDocument; outcomes: WriteOutcome[] } {
  for (const write of writes) assertWritable(write);
  const planned = planWrites(doc, writes, takeOver, owner);
  const built = build(doc, [...planned.edits.values()].flat(), planned.appended);
  if (built !== undefined && readsBack(built, planned.written))
    return { doc: built, outcomes: planned.outcomes };
  // Two edits next to each other changed how a line between them reads (a rare indentation
  // layout): write the sections one at a time instead, each checked on its own.
  let current = doc;
  const outcomes = writes.map((write): WriteOutcome => {
    const one = planWrites(current, [write], takeOver, owner);
    const outcome = one.outcomes[0] as WriteOutcome;
    if (!outcome.ok) return outcome;
    const next = build(current, [...one.edits.values()].flat(), one.appended);
    if (next === undefined || !readsBack(next, one.written)) {
      // Only removing a duplicate copy can change how the next section's header reads.
      if (spansOf(current, write.name).length > 1) return { ok: false, reason: "duplicate" };
      throw new Error(`internal: writing [${write.name}] would change how botocore reads the file`);
    }
    current = next;
    return outcome;
  });
  return { doc: current, outcomes };
}

/**
 * Removes owned sections (all copies of each) in one pass; a section that is absent or not ours
 * stays. A removal that would change how the following lines read to botocore (an indented
 * header after it would continue the previous key) is not done: `removed` lists what went.
 */
export function removeOwnedSections(
  doc: CredentialsDocument,
  names: readonly string[],
  owner: string = OWNER_KEY,
): { doc: CredentialsDocument; removed: string[] } {
  const owned = [...new Set(names)].filter((name) => sectionState(doc, name, owner) === "owned");
  const edited = editSections(
    doc,
    owned,
    (from, name) => spansOf(from, name).map((span) => removalEdit(from, span)),
    (built, name) => spansOf(built, name).length === 0,
  );
  return { doc: edited.doc, removed: edited.done };
}

/** Removes an owned section (all copies); leaves the document as is when it is absent or not ours. */
export function removeOwnedSection(
  doc: CredentialsDocument,
  name: string,
  owner: string = OWNER_KEY,
): CredentialsDocument {
  return removeOwnedSections(doc, [name], owner).doc;
}

/** What stripOwnedSections left of each section it cleaned: the user's keys, when there were any. */
export interface Stripped {
  readonly doc: CredentialsDocument;
  /** Sections whose sso-sync keys went (the whole section, or just those keys). */
  readonly stripped: readonly string[];
  /** Per section that stays, the keys of the user's it keeps (a `region` they added). */
  readonly kept: ReadonlyArray<{ readonly section: string; readonly keys: readonly string[] }>;
}

/**
 * Takes sso-sync's `keys` (and their continuation lines) out of owned sections, in one pass. A
 * section left with keys of the user's keeps its header and those keys; one left with none goes
 * whole, as removeOwnedSections does.
 */
export function stripOwnedSections(
  doc: CredentialsDocument,
  names: readonly string[],
  keys: ReadonlySet<string>,
  owner: string = OWNER_KEY,
): Stripped {
  const owned = [...new Set(names)].filter((name) => sectionState(doc, name, owner) === "owned");
  const userKeys = (from: CredentialsDocument, span: Span) =>
    [...ownValues(from, span).keys()].filter((key) => !keys.has(key));
  const edited = editSections(
    doc,
    owned,
    (from, name) =>
      spansOf(from, name).map((span) =>
        userKeys(from, span).length === 0 ? removalEdit(from, span) : dropEdit(from, span, keys),
      ),
    (built, name) =>
      spansOf(built, name).every((span) =>
        [...keys].every((key) => !ownValues(built, span).has(key)),
      ),
  );
  const kept = edited.done.flatMap((section) => {
    const left = [...new Set(spansOf(doc, section).flatMap((span) => userKeys(doc, span)))];
    return left.length === 0 ? [] : [{ section, keys: left }];
  });
  return { doc: edited.doc, stripped: edited.done, kept };
}

/** stripOwnedSections for one section. */
export function stripOwnedKeys(
  doc: CredentialsDocument,
  name: string,
  keys: ReadonlySet<string>,
  owner: string = OWNER_KEY,
): { doc: CredentialsDocument; kept: readonly string[] } {
  const stripped = stripOwnedSections(doc, [name], keys, owner);
  return { doc: stripped.doc, kept: stripped.kept[0]?.keys ?? [] };
}

/**
 * Applies every named section's edits in one pass; when two of them interact (a rare indentation
 * layout), one section at a time, leaving out a section whose edit would change how other lines
 * read. `done` lists the sections edited.
 */
function editSections(
  doc: CredentialsDocument,
  names: readonly string[],
  editsFor: (from: CredentialsDocument, name: string) => Edit[],
  isDone: (built: CredentialsDocument, name: string) => boolean,
): { doc: CredentialsDocument; done: string[] } {
  const all = build(
    doc,
    names.flatMap((name) => editsFor(doc, name)),
    new Map(),
  );
  if (all !== undefined && names.every((name) => isDone(all, name)))
    return { doc: all, done: [...names] };
  let current = doc;
  const done: string[] = [];
  for (const name of names) {
    const next = build(current, editsFor(current, name), new Map());
    if (next === undefined || !isDone(next, name)) continue;
    current = next;
    done.push(name);
  }
  return { doc: current, done };
}

function assertWritable(write: SectionWrite): void {
  // Callers check names and values first and tell the user; reaching this is a bug.
  const name = sectionNameProblem(write.name);
  if (name !== undefined) throw new Error(`internal: section [${write.name}]: ${name}`);
  for (const [key, value] of write.entries) {
    const problem = valueProblem(value);
    if (problem !== undefined) throw new Error(`internal: ${key} in [${write.name}]: ${problem}`);
  }
}

interface WritePlan {
  readonly outcomes: WriteOutcome[];
  /** Per section name, the edits of its existing copies. */
  readonly edits: Map<string, Edit[]>;
  /** Sections to create at the end, in order. */
  readonly appended: Map<string, ReadonlyArray<readonly [string, string]>>;
  /** What each written section must read back as. */
  readonly written: Map<string, ReadonlyArray<readonly [string, string]>>;
}

function planWrites(
  doc: CredentialsDocument,
  writes: readonly SectionWrite[],
  takeOver: boolean,
  owner: string,
): WritePlan {
  const eol = dominantEol(doc.lines);
  const plan: WritePlan = {
    outcomes: [],
    edits: new Map(),
    appended: new Map(),
    written: new Map(),
  };
  for (const { name, entries } of writes) {
    const again = plan.written.has(name);
    const state = again ? "owned" : sectionState(doc, name, owner);
    if (state === "duplicate" || (state === "unowned" && !takeOver)) {
      plan.outcomes.push({ ok: false, reason: state === "duplicate" ? "duplicate" : "unowned" });
      continue;
    }
    plan.written.set(name, entries);
    const [first, ...extra] = spansOf(doc, name);
    if (first === undefined) plan.appended.set(name, entries);
    else
      plan.edits.set(name, [
        updateEdit(doc, first, entries, eol),
        ...extra.map((span) => removalEdit(doc, span)),
      ]);
    const action =
      again || state === "owned" ? "updated" : state === "absent" ? "created" : "took-over";
    plan.outcomes.push({ ok: true, action });
  }
  return plan;
}

/**
 * Rewrites sso-sync's keys of a section in place, keeping each line's indentation, drops their
 * continuation lines (after blank lines too: configparser keeps them in the value), and adds the
 * missing keys after the last key at the indentation that makes botocore read them as keys.
 */
function updateEdit(
  doc: CredentialsDocument,
  span: Span,
  entries: ReadonlyArray<readonly [string, string]>,
  eol: Eol,
): Edit {
  const wanted = new Map(entries);
  const written = new Set<string>();
  const lines: Placed[] = [];
  let dropping = false;
  let insertAt = 0;
  for (let index = span.start; index < span.contentEnd; index++) {
    const line = doc.lines[index] as RawLine;
    const info = doc.infos[index] as LineInfo;
    if (info.kind === "continuation" && dropping) continue;
    if (info.kind === "entry" || info.kind === "section" || isEmptyKey(info)) dropping = false;
    if (info.kind === "entry" && wanted.has(info.key)) {
      // A managed key is rewritten once; a second copy would make botocore refuse the file.
      dropping = true;
      if (written.has(info.key)) continue;
      written.add(info.key);
      const text = `${leadingSpace(line.text)}${info.key} = ${wanted.get(info.key)}`;
      lines.push({ line: { text, eol: line.eol }, origin: -1 });
    } else lines.push({ line, origin: index });
    if (isSignificant(info)) insertAt = lines.length;
  }
  const missing = entries.filter(([key]) => !written.has(key));
  if (missing.length > 0) {
    const indent = insertIndent(doc, span, lines.slice(0, insertAt));
    const anchor = lines[insertAt - 1] as Placed;
    if (anchor.line.eol === "") lines[insertAt - 1] = { ...anchor, line: { ...anchor.line, eol } };
    const added = missing.map(([key, value]) => ({
      line: { text: `${indent}${key} = ${value}`, eol },
      origin: -1,
    }));
    lines.splice(insertAt, 0, ...added);
  }
  return { start: span.start, end: span.contentEnd, lines };
}

function isEmptyKey(info: LineInfo): boolean {
  return info.kind === "invalid" && info.problem === "empty-key";
}

/**
 * Where a new key goes after `kept`: with a key open, at the indentation of the last line that
 * was not a continuation (deeper would continue that key's value, shallower would make the
 * following indented lines continue ours); with none open, no deeper than the next header.
 */
function insertIndent(doc: CredentialsDocument, span: Span, kept: readonly Placed[]): string {
  let state = doc.before[span.start] as ScanState;
  let setter = "";
  for (const { line } of kept) {
    const info = classifyLine(line.text, state);
    if (isSignificant(info) && info.kind !== "continuation") setter = leadingSpace(line.text);
    state = stateAfter(info, line.text, state);
  }
  if (state.hasOption) return setter;
  return leadingSpace(doc.lines[span.end]?.text ?? "");
}

/**
 * Removes a section's header and key lines; the comments and blank lines after them usually
 * introduce the next section, so they stay. The blank line before the header goes too when a
 * blank line or the end of the file follows: that is the separator appendSection added, so a
 * section sso-sync added and removed leaves the file as it was.
 */
function removalEdit(doc: CredentialsDocument, span: Span): Edit {
  const end = span.contentEnd;
  const separator =
    doc.lines[span.start - 1]?.text === "" &&
    (end === doc.lines.length || doc.infos[end]?.kind === "blank");
  return { start: separator ? span.start - 1 : span.start, end, lines: [] };
}

/** Drops `keys` and their continuation lines from a section, keeping everything else. */
function dropEdit(doc: CredentialsDocument, span: Span, keys: ReadonlySet<string>): Edit {
  const lines: Placed[] = [];
  let dropping = false;
  for (let index = span.start; index < span.contentEnd; index++) {
    const info = doc.infos[index] as LineInfo;
    if (info.kind === "continuation" && dropping) continue;
    if (info.kind === "entry" || info.kind === "section" || isEmptyKey(info)) dropping = false;
    if (info.kind === "entry" && keys.has(info.key)) dropping = true;
    else lines.push({ line: doc.lines[index] as RawLine, origin: index });
  }
  return { start: span.start, end: span.contentEnd, lines };
}

function appendedLines(
  name: string,
  entries: ReadonlyArray<readonly [string, string]>,
  eol: Eol,
  first: boolean,
): Placed[] {
  const ours = (text: string) => ({ line: { text, eol }, origin: -1 });
  // One blank line before an appended section, so removing it (clean) can take exactly that line.
  const separator = first ? [] : [ours("")];
  return [
    ...separator,
    ours(`[${name}]`),
    ...entries.map(([key, value]) => ours(`${key} = ${value}`)),
  ];
}

/**
 * Applies the edits and appends the new sections in one pass, then checks that every line
 * sso-sync did not write still means to botocore what it meant before; undefined if one does not.
 * Where the reading state is back to what it was, lines are copied with their meaning unread.
 */
function build(
  doc: CredentialsDocument,
  edits: readonly Edit[],
  appended: ReadonlyMap<string, ReadonlyArray<readonly [string, string]>>,
): CredentialsDocument | undefined {
  const eol = dominantEol(doc.lines);
  const out = new Builder(doc, eol);
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    if (edit.start < cursor) return undefined;
    for (let index = cursor; index < edit.start; index++)
      out.keep(index, doc.lines[index] as RawLine);
    for (const { line, origin } of edit.lines)
      if (origin < 0) out.add(line);
      else out.keep(origin, line);
    cursor = edit.end;
  }
  for (let index = cursor; index < doc.lines.length; index++)
    out.keep(index, doc.lines[index] as RawLine);
  for (const [name, entries] of appended)
    for (const { line } of appendedLines(name, entries, eol, out.isEmpty())) out.add(line);
  return out.result();
}

/** The edited document, line by line, with configparser's reading state carried along. */
class Builder {
  private readonly lines: RawLine[] = [];
  private readonly infos: LineInfo[] = [];
  private readonly before: ScanState[] = [];
  private state: ScanState = START_STATE;
  private lastIsOurs = false;
  private changedMeaning = false;

  constructor(
    private readonly doc: CredentialsDocument,
    private readonly eol: Eol,
  ) {}

  isEmpty(): boolean {
    return this.lines.length === 0;
  }

  /** Line `origin` of the original (its ending maybe changed): it must keep its meaning. */
  keep(origin: number, line: RawLine): void {
    const placed = this.join(line, false);
    if (placed === undefined) return;
    const was = this.doc.infos[origin] as LineInfo;
    const synced = sameState(this.state, this.doc.before[origin] as ScanState);
    const info = synced ? was : classifyLine(placed.text, this.state);
    if (!synced && !sameMeaning(was, info)) this.changedMeaning = true;
    const next = synced ? this.doc.before[origin + 1] : undefined;
    this.push(placed, info, next, false);
  }

  /** A line sso-sync writes. */
  add(line: RawLine): void {
    const placed = this.join(line, true) as RawLine;
    this.push(placed, classifyLine(placed.text, this.state), undefined, true);
  }

  result(): CredentialsDocument | undefined {
    if (this.changedMeaning) return undefined;
    return { lines: this.lines, infos: this.infos, before: this.before };
  }

  private push(line: RawLine, info: LineInfo, next: ScanState | undefined, ours: boolean): void {
    this.lines.push(line);
    this.infos.push(info);
    this.before.push(this.state);
    this.state = next ?? stateAfter(info, line.text, this.state);
    this.lastIsOurs = ours;
  }

  /**
   * Gives the previous line an ending, and keeps a lone CR from merging with a following empty LF
   * line (Python would read CR LF as one line break). Undefined: the line merged into the previous.
   */
  private join(line: RawLine, ours: boolean): RawLine | undefined {
    const last = this.lines.length - 1;
    const previous = this.lines[last];
    if (previous === undefined) return line;
    if (previous.eol === "") this.lines[last] = { text: previous.text, eol: this.eol };
    const ending = (this.lines[last] as RawLine).eol;
    if (ending !== "\r" || line.text !== "" || line.eol !== "\n") return line;
    if (ours) return { text: "", eol: "\r\n" };
    this.lines[last] = { text: (previous as RawLine).text, eol: "\r\n" };
    // Two lines sso-sync did not write meet: the bytes stay, read as one line break.
    return this.lastIsOurs ? line : undefined;
  }
}

function sameState(a: ScanState, b: ScanState): boolean {
  return (
    a === b || (a.inSection === b.inSection && a.hasOption === b.hasOption && a.indent === b.indent)
  );
}

function sameMeaning(before: LineInfo, after: LineInfo): boolean {
  if (before.kind !== after.kind) return false;
  if (before.kind === "section" && after.kind === "section") return before.name === after.name;
  if (before.kind === "entry" && after.kind === "entry") return before.key === after.key;
  if (before.kind === "invalid" && after.kind === "invalid")
    return before.problem === after.problem;
  return true;
}

/** Each written section is there once and reads back, through botocore's rules, as its entries. */
function readsBack(
  doc: CredentialsDocument,
  written: ReadonlyMap<string, ReadonlyArray<readonly [string, string]>>,
): boolean {
  for (const [name, entries] of written) {
    const spans = spansOf(doc, name);
    if (spans.length !== 1) return false;
    const values = ownValues(doc, spans[0] as Span);
    if (entries.some(([key, value]) => values.get(key) !== value)) return false;
  }
  return true;
}
