import {
  DEFAULT_SECTION,
  type InvalidLine,
  type LineInfo,
  type RawLine,
  scanLines,
  splitLines,
} from "./ini-lines.js";
import { pythonRstrip, pythonSplitlines, pythonStrip } from "./python-text.js";

/** One `[name]` block of an AWS INI file with its keys (lower-cased, as configparser does). */
export interface IniSection {
  readonly name: string;
  /** 1-based line number of the header. */
  readonly line: number;
  /** Every key botocore sees in the section, `[DEFAULT]`'s included, with configparser's values. */
  readonly values: ReadonlyMap<string, string>;
}

/** A problem that makes botocore refuse the whole file, with its 1-based line number. */
export interface IniProblem {
  readonly line: number;
  readonly message: string;
}

/** The sections of an AWS INI file, plus what would make the AWS CLI reject it. */
export interface ParsedIni {
  readonly sections: readonly IniSection[];
  readonly problems: readonly IniProblem[];
}

/** A section's values as configparser collects them: one list of lines per key. */
export type RawValues = Map<string, string[]>;

interface OpenSection {
  readonly name: string;
  line: number;
  readonly values: RawValues;
}

const INVALID: Record<InvalidLine, string> = {
  "no-section": "line outside of any [section]",
  "empty-key": "a key = value line without a key",
  "not-ini": "line is neither a [section], a key = value, nor a comment",
};

/** Parses AWS INI text (config or credentials) with botocore's rules; never throws. */
export function parseIni(text: string): ParsedIni {
  const lines: RawLine[] = splitLines(text);
  const infos = scanLines(lines);
  const sections = new Map<string, OpenSection>();
  const defaults: OpenSection = { name: DEFAULT_SECTION, line: 0, values: new Map() };
  const problems: IniProblem[] = [];
  let current: OpenSection | undefined;
  let key: string | undefined;
  infos.forEach((info, index) => {
    const line = index + 1;
    const problem = (message: string) => problems.push({ line, message });
    if (info.kind === "section") {
      key = undefined;
      if (info.name === DEFAULT_SECTION) {
        if (defaults.line === 0) defaults.line = line;
        current = defaults;
      } else {
        const seen = sections.get(info.name);
        if (seen !== undefined) problem(`duplicate section [${info.name}]`);
        current = seen ?? { name: info.name, line, values: new Map() };
        sections.set(info.name, current);
      }
      return;
    }
    if (info.kind === "invalid") {
      problem(invalidMessage(info.problem, lines[index]?.text ?? "", index));
      if (info.problem === "empty-key") key = undefined;
      return;
    }
    if (current === undefined) return;
    if (info.kind === "entry") {
      if (current.values.has(info.key)) problem(`duplicate key ${info.key} in [${current.name}]`);
      current.values.set(info.key, [info.value]);
      key = info.key;
    } else if (key !== undefined) addValueLine(current.values, key, info);
  });
  const open = [...sections.values()];
  problems.push(...subSectionProblems(open, defaults));
  const result = open.map((section) => closeSection(section, defaults));
  problems.sort((a, b) => a.line - b.line);
  return { sections: result, problems };
}

function invalidMessage(problem: InvalidLine, text: string, index: number): string {
  if (index === 0 && text.startsWith("\uFEFF"))
    return "the file starts with a byte-order mark (U+FEFF), which botocore cannot read; save it as UTF-8 without BOM";
  return INVALID[problem];
}

/** Adds a continuation, or the empty line a blank line puts into an open value. */
export function addValueLine(values: RawValues, key: string, info: LineInfo): void {
  if (info.kind === "continuation") values.get(key)?.push(info.value);
  // configparser keeps blank lines inside a value (a later continuation shows them); comments not.
  else if (info.kind === "blank") values.get(key)?.push("");
}

/** configparser's _join_multiline_values: lines joined with \n, trailing whitespace dropped. */
export function joinValue(lines: readonly string[]): string {
  return pythonRstrip(lines.join("\n"));
}

/** A section's own values with `[DEFAULT]`'s added for the keys it lacks, as `options()` does. */
function closeSection(section: OpenSection, defaults: OpenSection): IniSection {
  const values = new Map<string, string>();
  for (const [key, lines] of section.values) values.set(key, joinValue(lines));
  for (const [key, lines] of defaults.values)
    if (!values.has(key)) values.set(key, joinValue(lines));
  return { name: section.name, line: section.line, values };
}

/**
 * botocore's raw_config_parse turns a value that starts with a line break into a sub-section
 * (`s3 =` then indented `k = v` lines) and rejects the file when one of its lines has no `=`.
 * A [DEFAULT] value is parsed in every section that inherits it (none yet: no problem yet).
 */
function subSectionProblems(sections: readonly OpenSection[], defaults: OpenSection): IniProblem[] {
  const unreadable = (lines: readonly string[]) => {
    const value = joinValue(lines);
    return value.startsWith("\n") && parseSubSection(value) === undefined;
  };
  const problems: IniProblem[] = [];
  const inherited = new Set<string>();
  for (const section of sections) {
    for (const [key, lines] of section.values)
      if (unreadable(lines))
        problems.push({
          line: section.line,
          message: `${key} in [${section.name}] starts a sub-section, but one of its lines has no =`,
        });
    for (const [key, lines] of defaults.values)
      if (!section.values.has(key) && unreadable(lines)) inherited.add(key);
  }
  for (const key of inherited)
    problems.push({
      line: defaults.line,
      message: `${key} in [DEFAULT] starts a sub-section, but one of its lines has no =; every section inherits it`,
    });
  return problems;
}

/** botocore's _parse_nested: a sub-section value as its keys, or undefined when it cannot be read. */
export function parseSubSection(value: string): Map<string, string> | undefined {
  const parsed = new Map<string, string>();
  for (const raw of pythonSplitlines(value)) {
    const line = pythonStrip(raw);
    if (line === "") continue;
    const at = line.indexOf("=");
    if (at === -1) return undefined;
    parsed.set(pythonStrip(line.slice(0, at)), pythonStrip(line.slice(at + 1)));
  }
  return parsed;
}
