import { build } from "./ini-build.js";
import {
  type IniDocument,
  OWNER_KEY,
  ownValues,
  type Span,
  sectionState,
  spansOf,
} from "./ini-document.js";
import { dominantEol } from "./ini-lines.js";
import { dropEdit, type Edit, removalEdit, updateEdit } from "./ini-section-edits.js";
import { sectionNameProblem, valueProblem } from "./ini-writable.js";

/** Why a section was not written. */
export type WriteRefusal = "unowned" | "duplicate";

/**
 * What became of one section of a batch: a state the sync report shows per profile, not a failure
 * of the batch (the others are still written), so it is told by its `action`, not by `ok`.
 */
export type WriteOutcome =
  | { readonly action: "created" | "updated" | "took-over" }
  | { readonly action: "refused"; readonly reason: WriteRefusal };

/** One section to write: its name and the keys sso-sync owns in it, in writing order. */
export interface SectionWrite {
  readonly name: string;
  readonly entries: ReadonlyArray<readonly [string, string]>;
}

/**
 * Sets each write's entries in its section, in one pass over the document, so a sync of a
 * thousand profiles costs one copy of the file, not one per profile: a section is created at the
 * end, updated in place when it is ours (other keys, comments and order kept), and refused when
 * someone else wrote it unless `takeOver` is set; extra copies of an owned section are removed so
 * botocore can read the file. Writes are decided in order (a name
 * written twice keeps the later entries). Every line sso-sync does not own keeps its bytes and
 * its meaning to botocore; each written section reads back, through botocore's rules, as exactly
 * its entries.
 */
export function writeOwnedSections(
  doc: IniDocument,
  writes: readonly SectionWrite[],
  takeOver: boolean,
  owner: string = OWNER_KEY,
): { doc: IniDocument; outcomes: WriteOutcome[] } {
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
    if (outcome.action === "refused") return outcome;
    const next = build(current, [...one.edits.values()].flat(), one.appended);
    if (next === undefined || !readsBack(next, one.written)) {
      // Only removing a duplicate copy can change how the next section's header reads.
      if (spansOf(current, write.name).length > 1)
        return { action: "refused", reason: "duplicate" };
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
  doc: IniDocument,
  names: readonly string[],
  owner: string = OWNER_KEY,
): { doc: IniDocument; removed: string[] } {
  const owned = [...new Set(names)].filter((name) => sectionState(doc, name, owner) === "owned");
  const edited = editSections(
    doc,
    owned,
    (from, name) => spansOf(from, name).map((span) => removalEdit(from, span)),
    (built, name) => spansOf(built, name).length === 0,
  );
  return { doc: edited.doc, removed: edited.done };
}

/** What stripOwnedSections left of each section it cleaned: the user's keys, when there were any. */
export interface Stripped {
  readonly doc: IniDocument;
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
  doc: IniDocument,
  names: readonly string[],
  keys: ReadonlySet<string>,
  owner: string = OWNER_KEY,
): Stripped {
  const owned = [...new Set(names)].filter((name) => sectionState(doc, name, owner) === "owned");
  const userKeys = (from: IniDocument, span: Span) =>
    [...ownValues(from, span).keys()].filter((key) => !keys.has(key));
  // A section that keeps keys of the user's keeps the owner marker too: it stays sso-sync's, so
  // the next sync writes into it again instead of refusing it as a section someone else wrote.
  const dropped = new Set([...keys].filter((key) => key !== owner));
  const edited = editSections(
    doc,
    owned,
    (from, name) =>
      spansOf(from, name).map((span) =>
        userKeys(from, span).length === 0 ? removalEdit(from, span) : dropEdit(from, span, dropped),
      ),
    (built, name) =>
      spansOf(built, name).every((span) =>
        [...dropped].every((key) => !ownValues(built, span).has(key)),
      ),
  );
  const kept = edited.done.flatMap((section) => {
    const left = [...new Set(spansOf(doc, section).flatMap((span) => userKeys(doc, span)))];
    return left.length === 0 ? [] : [{ section, keys: left }];
  });
  return { doc: edited.doc, stripped: edited.done, kept };
}

/**
 * Applies every named section's edits in one pass; when two of them interact (a rare indentation
 * layout), one section at a time, leaving out a section whose edit would change how other lines
 * read. `done` lists the sections edited.
 */
function editSections(
  doc: IniDocument,
  names: readonly string[],
  editsFor: (from: IniDocument, name: string) => Edit[],
  isDone: (built: IniDocument, name: string) => boolean,
): { doc: IniDocument; done: string[] } {
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
  doc: IniDocument,
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
      plan.outcomes.push({
        action: "refused",
        reason: state === "duplicate" ? "duplicate" : "unowned",
      });
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
    plan.outcomes.push({ action });
  }
  return plan;
}

/** Each written section is there once and reads back, through botocore's rules, as its entries. */
export function readsBack(
  doc: IniDocument,
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
