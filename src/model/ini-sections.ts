import {
  collectValues,
  defaultSpans,
  type IniDocument,
  joinValues,
  parseIniDocument,
  type RawValues,
  readSpan,
  type Span,
  sectionNames,
  spansOf,
} from "./ini-document.js";
import { DEFAULT_SECTION, type InvalidLine } from "./ini-lines.js";
import { oncePer } from "./once-per.js";
import { pythonSplitlines, pythonStrip } from "./python-text.js";

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

interface OpenSection {
  readonly name: string;
  readonly line: number;
  /** Its own values, joined (configparser's values before [DEFAULT]'s are added). */
  readonly values: ReadonlyMap<string, string>;
}

const INVALID: Record<InvalidLine, string> = {
  "no-section": "line outside of any [section]",
  "empty-key": "a key = value line without a key",
  "not-ini": "line is neither a [section], a key = value, nor a comment",
};

/** Parses AWS INI text (config or credentials) with botocore's rules; never throws. */
export function parseIni(text: string): ParsedIni {
  return readIni(parseIniDocument(text));
}

/**
 * The sections of a document as botocore reads them, and what would make it refuse the file.
 * Documents are immutable: a file read for its sections and for its problems is read once.
 */
export const readIni: (doc: IniDocument) => ParsedIni = oncePer((doc) => reading(doc));

function reading(doc: IniDocument): ParsedIni {
  const problems: IniProblem[] = [];
  doc.infos.forEach((info, index) => {
    if (info.kind === "invalid")
      problems.push({
        line: index + 1,
        message: invalidMessage(info.problem, doc.lines[index]?.text ?? "", index),
      });
  });
  // Copies of a section (and of [DEFAULT]) merge, later keys winning, as configparser reads them
  // before strict mode refuses the file.
  const open = (name: string, spans: readonly Span[]): OpenSection => {
    const duplicate = (key: string, index: number) =>
      problems.push({ line: index + 1, message: `duplicate key ${key} in [${name}]` });
    const [only, ...more] = spans;
    if (only !== undefined && more.length === 0) {
      // The usual case: the span's reading the fresh check may have made already.
      const read = readSpan(doc, only);
      for (const [key, index] of read.duplicates) duplicate(key, index);
      return { name, line: only.start + 1, values: read.values };
    }
    const values: RawValues = new Map();
    for (const span of spans) collectValues(doc, span, values, duplicate);
    return {
      name,
      line: spans[0] === undefined ? 0 : spans[0].start + 1,
      values: joinValues(values),
    };
  };
  const sections = sectionNames(doc).map((name) => {
    const spans = spansOf(doc, name);
    for (const again of spans.slice(1))
      problems.push({ line: again.start + 1, message: `duplicate section [${name}]` });
    return open(name, spans);
  });
  const defaults = open(DEFAULT_SECTION, defaultSpans(doc));
  problems.push(...subSectionProblems(sections, defaults));
  problems.sort((a, b) => a.line - b.line);
  return { sections: sections.map((section) => closeSection(section, defaults)), problems };
}

function invalidMessage(problem: InvalidLine, text: string, index: number): string {
  if (index === 0 && text.startsWith("\uFEFF"))
    return "the file starts with a byte-order mark (U+FEFF), which botocore cannot read; save it as UTF-8 without BOM";
  return INVALID[problem];
}

/** A section's own values with `[DEFAULT]`'s added for the keys it lacks, as `options()` does. */
function closeSection(section: OpenSection, defaults: OpenSection): IniSection {
  if (defaults.values.size === 0) return section;
  const values = new Map(section.values);
  for (const [key, value] of defaults.values) if (!values.has(key)) values.set(key, value);
  return { name: section.name, line: section.line, values };
}

/**
 * botocore's raw_config_parse turns a value that starts with a line break into a sub-section
 * (`s3 =` then indented `k = v` lines) and rejects the file when one of its lines has no `=`.
 * A [DEFAULT] value is parsed in every section that inherits it (none yet: no problem yet).
 */
function subSectionProblems(sections: readonly OpenSection[], defaults: OpenSection): IniProblem[] {
  const unreadable = (value: string) =>
    value.startsWith("\n") && parseSubSection(value) === undefined;
  const problems: IniProblem[] = [];
  const badDefaults = [...defaults.values].filter(([, value]) => unreadable(value));
  const inherited = new Set<string>();
  for (const section of sections) {
    section.values.forEach((value, key) => {
      if (unreadable(value))
        problems.push({
          line: section.line,
          message: `${key} in [${section.name}] starts a sub-section, but one of its lines has no =`,
        });
    });
    for (const [key] of badDefaults) if (!section.values.has(key)) inherited.add(key);
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
