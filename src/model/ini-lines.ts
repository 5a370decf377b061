import { indentOf, isPythonSpace } from "./python-text.js";

/** A line ending as Python's universal newlines see it: botocore opens AWS files in text mode. */
export type Eol = "" | "\n" | "\r\n" | "\r";

/** A line of an AWS INI file, kept with its own line ending so a document can be rebuilt byte-for-byte. */
export interface RawLine {
  readonly text: string;
  readonly eol: Eol;
}

/** Why configparser refuses a line (botocore then refuses the whole file). */
export type InvalidLine = "no-section" | "empty-key" | "not-ini";

/** What a line means to botocore's configparser (RawConfigParser, strict, no inline comments). */
export type LineInfo =
  | { readonly kind: "blank" }
  | { readonly kind: "comment" }
  | { readonly kind: "section"; readonly name: string }
  | { readonly kind: "entry"; readonly key: string; readonly value: string }
  | { readonly kind: "continuation"; readonly value: string }
  | { readonly kind: "invalid"; readonly problem: InvalidLine };

/**
 * configparser's reading state between two lines: inside a section yet, whether a key is open
 * (blank and deeper-indented lines then belong to its value), and the indentation of the last
 * line that was not a continuation.
 */
export interface ScanState {
  readonly inSection: boolean;
  readonly hasOption: boolean;
  readonly indent: number;
}

/** The state at the top of a file. */
export const START_STATE: ScanState = { inSection: false, hasOption: false, indent: 0 };

/** The section configparser keeps for defaults: not a section, its keys go into every section. */
export const DEFAULT_SECTION = "DEFAULT";

/**
 * Splits text at exactly the line breaks of Python's universal newlines (LF, CRLF, and a lone
 * CR), each line keeping its own ending. NEL, U+2028 or \x1c are not line breaks there. One
 * forward pass with indexOf (no regular expression match per line): linear, one object a line.
 */
export function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  let lf = text.indexOf("\n");
  let cr = text.indexOf("\r");
  while (lf !== -1 || cr !== -1) {
    if (cr !== -1 && (lf === -1 || cr < lf)) {
      const crlf = lf === cr + 1;
      lines.push({ text: text.slice(start, cr), eol: crlf ? "\r\n" : "\r" });
      start = crlf ? lf + 1 : cr + 1;
      cr = text.indexOf("\r", cr + 1);
      if (crlf) lf = text.indexOf("\n", start);
    } else {
      lines.push({ text: text.slice(start, lf), eol: "\n" });
      start = lf + 1;
      lf = text.indexOf("\n", start);
    }
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: "" });
  return lines;
}

/** Rebuilds the exact text that splitLines was given. */
export function joinLines(lines: readonly RawLine[]): string {
  let text = "";
  for (const line of lines) text += line.text + line.eol;
  return text;
}

/**
 * Each line's meaning the way botocore's configparser reads it (continuations included), and
 * the reading state just before it.
 */
export function scanWithStates(lines: readonly RawLine[]): {
  infos: LineInfo[];
  before: ScanState[];
} {
  const infos: LineInfo[] = [];
  const before: ScanState[] = [];
  let state = START_STATE;
  for (const line of lines) {
    const info = classifyLine(line.text, state);
    before.push(state);
    infos.push(info);
    state = stateAfter(info, line.text, state);
  }
  return { infos, before };
}

/** The reading state after a line (configparser's cursect, optname and indent_level). */
export function stateAfter(info: LineInfo, text: string, state: ScanState): ScanState {
  switch (info.kind) {
    case "section":
      return stateOf(true, false, indentOf(text));
    case "entry":
      return stateOf(true, true, indentOf(text));
    case "invalid":
      // An empty key leaves configparser's optname empty (false); other bad lines keep it.
      return stateOf(
        state.inSection,
        info.problem === "empty-key" ? false : state.hasOption,
        indentOf(text),
      );
    default:
      return state;
  }
}

// States repeat (most keys sit at one indentation): one object each, not one per line.
const states = new Map<number, ScanState>();

function stateOf(inSection: boolean, hasOption: boolean, indent: number): ScanState {
  const key = indent * 4 + (inSection ? 2 : 0) + (hasOption ? 1 : 0);
  let state = states.get(key);
  if (state === undefined) {
    state = { inSection, hasOption, indent };
    if (states.size < 4096) states.set(key, state);
  }
  return state;
}

// Lines without a payload share one object each: a scan allocates only for lines with content.
const BLANK: LineInfo = { kind: "blank" };
const COMMENT: LineInfo = { kind: "comment" };

/** Classifies one line given the reading state before it, as configparser's _read does. */
export function classifyLine(text: string, state: ScanState): LineInfo {
  const indent = indentOf(text);
  if (indent === text.length) return BLANK;
  const first = text.charCodeAt(indent);
  // Whole-line comments only: botocore keeps `#` inside values (`.../start#/` must stay whole).
  if (first === 0x23 || first === 0x3b) return COMMENT;
  let end = text.length;
  while (isPythonSpace(text.charCodeAt(end - 1))) end--;
  const stripped = indent === 0 && end === text.length ? text : text.slice(indent, end);
  // A line indented deeper than the last key continues its value, even after blank lines
  // (this is how `s3 =` sub-sections are written); a header line too.
  if (state.inSection && state.hasOption && indent > state.indent)
    return { kind: "continuation", value: stripped };
  const name = headerName(stripped);
  if (name !== undefined) return { kind: "section", name };
  if (!state.inSection) return { kind: "invalid", problem: "no-section" };
  return classifyEntry(stripped);
}

/**
 * configparser's SECTCRE `\[(?P<header>.+)\]` matched at the start: the name runs to the LAST `]`,
 * kept exactly (`[ dev ]` is the section " dev "), and whatever follows that `]` is ignored.
 */
function headerName(stripped: string): string | undefined {
  if (!stripped.startsWith("[")) return undefined;
  const close = stripped.lastIndexOf("]");
  return close >= 2 ? stripped.slice(1, close) : undefined;
}

function classifyEntry(stripped: string): LineInfo {
  // OPTCRE: the key runs to the first `=` or `:`; key and value are stripped, the key lower-cased.
  const equals = stripped.indexOf("=");
  const colon = stripped.indexOf(":");
  const at = equals === -1 ? colon : colon === -1 ? equals : Math.min(equals, colon);
  if (at === -1) return { kind: "invalid", problem: "not-ini" };
  if (at === 0) return { kind: "invalid", problem: "empty-key" };
  // `stripped` has no outer whitespace: only the inside of `key = value` is left to strip.
  let keyEnd = at;
  while (isPythonSpace(stripped.charCodeAt(keyEnd - 1))) keyEnd--;
  let valueStart = at + 1;
  while (valueStart < stripped.length && isPythonSpace(stripped.charCodeAt(valueStart)))
    valueStart++;
  const key = stripped.slice(0, keyEnd).toLowerCase();
  return { kind: "entry", key, value: stripped.slice(valueStart) };
}

/** The line ending most of the file uses, so new lines match (Windows editors leave CRLF). */
export function dominantEol(lines: readonly RawLine[]): "\n" | "\r\n" | "\r" {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (const line of lines) {
    if (line.eol === "\r\n") crlf++;
    else if (line.eol === "\n") lf++;
    else if (line.eol === "\r") cr++;
  }
  if (cr > lf && cr > crlf) return "\r";
  return crlf > lf ? "\r\n" : "\n";
}
