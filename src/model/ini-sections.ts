import { type LineInfo, type RawLine, scanLines, splitLines } from "./ini-lines.js";

/** One `[name]` block of an AWS INI file with its keys (lower-cased, as configparser does). */
export interface IniSection {
  readonly name: string;
  /** 1-based line number of the header. */
  readonly line: number;
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
  name: string;
  line: number;
  values: Map<string, string>;
  lastKey?: string;
}

/** Parses AWS INI text (config or credentials) with botocore's rules; never throws. */
export function parseIni(text: string): ParsedIni {
  const lines: RawLine[] = splitLines(text);
  const infos = scanLines(lines);
  const sections: OpenSection[] = [];
  const problems: IniProblem[] = [];
  const seen = new Set<string>();
  infos.forEach((info, index) => {
    const problem = applyLine(info, index + 1, sections, seen);
    if (problem !== undefined) problems.push({ line: index + 1, message: problem });
  });
  return {
    sections: sections.map(({ name, line, values }) => ({ name, line, values })),
    problems,
  };
}

function applyLine(
  info: LineInfo,
  line: number,
  sections: OpenSection[],
  seen: Set<string>,
): string | undefined {
  const current = sections.at(-1);
  switch (info.kind) {
    case "section":
      if (seen.has(info.name)) return `duplicate section [${info.name}]`;
      seen.add(info.name);
      sections.push({ name: info.name, line, values: new Map() });
      return undefined;
    case "entry":
      if (current === undefined) return "key outside of any [section]";
      if (current.values.has(info.key)) return `duplicate key ${info.key} in [${current.name}]`;
      current.values.set(info.key, info.value);
      current.lastKey = info.key;
      return undefined;
    case "continuation":
      if (current?.lastKey !== undefined) {
        const previous = current.values.get(current.lastKey) ?? "";
        current.values.set(current.lastKey, `${previous}\n${info.value}`);
      }
      return undefined;
    case "invalid":
      return "line is neither a [section], a key = value, nor a comment";
    default:
      return undefined;
  }
}
