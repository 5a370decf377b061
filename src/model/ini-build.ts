import type { IniDocument } from "./ini-document.js";
import {
  classifyLine,
  dominantEol,
  type Eol,
  type LineInfo,
  type RawLine,
  type ScanState,
  START_STATE,
  stateAfter,
} from "./ini-lines.js";
import { appendedLines, type Edit } from "./ini-section-edits.js";

/**
 * Applies the edits and appends the new sections in one pass, then checks that every line
 * sso-sync did not write still means to botocore what it meant before; undefined if one does not.
 * Where the reading state is back to what it was, lines are copied with their meaning unread.
 */
export function build(
  doc: IniDocument,
  edits: readonly Edit[],
  appended: ReadonlyMap<string, ReadonlyArray<readonly [string, string]>>,
): IniDocument | undefined {
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
    private readonly doc: IniDocument,
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

  result(): IniDocument | undefined {
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
