import { type IniDocument, isSignificant, type Span } from "./ini-document.js";
import {
  classifyLine,
  type Eol,
  type LineInfo,
  type RawLine,
  type ScanState,
  stateAfter,
} from "./ini-lines.js";
import { leadingSpace } from "./python-text.js";

/** A line of an edited document and the line of the original it is (-1: written by sso-sync). */
export interface Placed {
  readonly line: RawLine;
  readonly origin: number;
}

/** Lines [start, end) of the original replaced by `lines`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly lines: readonly Placed[];
}

/**
 * Rewrites sso-sync's keys of a section in place, keeping each line's indentation, drops their
 * continuation lines (after blank lines too: configparser keeps them in the value), and adds the
 * missing keys after the last key at the indentation that makes botocore read them as keys.
 */
export function updateEdit(
  doc: IniDocument,
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
function insertIndent(doc: IniDocument, span: Span, kept: readonly Placed[]): string {
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
export function removalEdit(doc: IniDocument, span: Span): Edit {
  const end = span.contentEnd;
  const separator =
    doc.lines[span.start - 1]?.text === "" &&
    (end === doc.lines.length || doc.infos[end]?.kind === "blank");
  return { start: separator ? span.start - 1 : span.start, end, lines: [] };
}

/** Drops `keys` and their continuation lines from a section, keeping everything else. */
export function dropEdit(doc: IniDocument, span: Span, keys: ReadonlySet<string>): Edit {
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

/** The lines of a new section appended at the end, after one blank line unless it is `first`. */
export function appendedLines(
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
