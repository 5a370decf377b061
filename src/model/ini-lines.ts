import { indentOf, pythonRstrip, pythonStrip } from "./python-text.js";

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

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Splits text at exactly the line breaks of Python's universal newlines (LF, CRLF, and a lone
 * CR), each line keeping its own ending. NEL, U+2028 or \x1c are not line breaks there.
 */
export function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let match = LINE_BREAK.exec(text); match !== null; match = LINE_BREAK.exec(text)) {
    lines.push({ text: text.slice(start, match.index), eol: match[0] as Eol });
    start = match.index + match[0].length;
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

/** Classifies each line the way botocore's configparser reads it, continuations included. */
export function scanLines(lines: readonly RawLine[]): LineInfo[] {
  return scanWithStates(lines).infos;
}

/** Each line's meaning, and the reading state just before it. */
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

/** Classifies one line given the reading state before it, as configparser's _read does. */
export function classifyLine(text: string, state: ScanState): LineInfo {
  const stripped = pythonStrip(text);
  // Whole-line comments only: botocore keeps `#` inside values (`.../start#/` must stay whole).
  if (stripped.startsWith("#") || stripped.startsWith(";")) return { kind: "comment" };
  if (stripped === "") return { kind: "blank" };
  // A line indented deeper than the last key continues its value, even after blank lines
  // (this is how `s3 =` sub-sections are written); a header line too.
  if (state.inSection && state.hasOption && indentOf(text) > state.indent)
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
  const key = pythonRstrip(stripped.slice(0, at)).toLowerCase();
  return { kind: "entry", key, value: pythonStrip(stripped.slice(at + 1)) };
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
