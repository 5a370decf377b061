/** A line of an AWS INI file, kept with its own line ending so a document can be rebuilt byte-for-byte. */
export interface RawLine {
  readonly text: string;
  readonly eol: "" | "\n" | "\r\n";
}

/** What a line means to the AWS parsers (botocore's configparser and the JS SDK agree on these). */
export type LineInfo =
  | { readonly kind: "blank" }
  | { readonly kind: "comment" }
  | { readonly kind: "section"; readonly name: string }
  | { readonly kind: "entry"; readonly key: string; readonly value: string }
  | { readonly kind: "continuation"; readonly value: string }
  | { readonly kind: "invalid" };

const UTF8_BOM = "\uFEFF";

/** Splits text into lines, each keeping its exact line ending (CRLF, LF, or none on the last line). */
export function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  while (start < text.length) {
    const lf = text.indexOf("\n", start);
    if (lf === -1) {
      lines.push({ text: text.slice(start), eol: "" });
      break;
    }
    const crlf = lf > start && text[lf - 1] === "\r";
    lines.push({ text: text.slice(start, crlf ? lf - 1 : lf), eol: crlf ? "\r\n" : "\n" });
    start = lf + 1;
  }
  return lines;
}

/** Rebuilds the exact text that splitLines was given. */
export function joinLines(lines: readonly RawLine[]): string {
  return lines.map((line) => line.text + line.eol).join("");
}

/** Classifies each line the way botocore's configparser reads it, continuations included. */
export function scanLines(lines: readonly RawLine[]): LineInfo[] {
  const infos: LineInfo[] = [];
  let entryIndent: number | undefined;
  for (const line of lines) {
    const info = classifyLine(line.text, entryIndent);
    entryIndent = indentAfter(info, line.text, entryIndent);
    infos.push(info);
  }
  return infos;
}

/** The entry indentation in effect after a line: a header clears it, an entry sets it. */
export function indentAfter(
  info: LineInfo,
  text: string,
  entryIndent: number | undefined,
): number | undefined {
  if (info.kind === "section") return undefined;
  if (info.kind === "entry") return indentOf(text);
  return entryIndent;
}

function indentOf(text: string): number {
  return /^\uFEFF?[ \t]*/.exec(text)?.[0].length ?? 0;
}

/**
 * Classifies one line given the indentation of the entry it may continue (undefined after a
 * header); with `indentAfter`, lets an editor rescan only the lines it changed.
 */
export function classifyLine(text: string, entryIndent: number | undefined): LineInfo {
  const stripped = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const trimmed = stripped.trim();
  if (trimmed === "") return { kind: "blank" };
  // Only whole-line comments: botocore keeps `#` inside values (`.../start#/` must stay whole).
  if (trimmed.startsWith("#") || trimmed.startsWith(";")) return { kind: "comment" };
  // configparser continues the last value with a line indented deeper than its key
  // (this is how `s3 =` sub-sections are written).
  if (entryIndent !== undefined && indentOf(text) > entryIndent) {
    return { kind: "continuation", value: trimmed };
  }
  if (trimmed.startsWith("[")) {
    const close = trimmed.lastIndexOf("]");
    const name = close > 0 ? trimmed.slice(1, close).trim() : "";
    return name === "" ? { kind: "invalid" } : { kind: "section", name };
  }
  return classifyEntry(trimmed);
}

function classifyEntry(trimmed: string): LineInfo {
  // configparser splits at the first `=` or `:`, whichever comes first.
  const match = /^([^=:]*?)\s*[=:]\s*(.*)$/.exec(trimmed);
  const key = match?.[1];
  if (match === null || key === undefined || key === "") return { kind: "invalid" };
  return { kind: "entry", key: key.toLowerCase(), value: match[2] ?? "" };
}

/** The line ending most of the file uses, so new lines match (Windows editors leave CRLF). */
export function dominantEol(lines: readonly RawLine[]): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === "\r\n") crlf++;
    else if (line.eol === "\n") lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}
