import { classifyLine, DEFAULT_SECTION, START_STATE } from "./ini-lines.js";
import { pythonStrip } from "./python-text.js";

/**
 * Why `[name]` cannot be written so that botocore reads back exactly the section `name`, or
 * undefined when it can. Everything else works, `]`, `[` and surrounding spaces included:
 * configparser takes the name from the first `[` to the last `]` of the line, unstripped.
 */
export function sectionNameProblem(name: string): string | undefined {
  if (name === "") return "an empty name cannot be a section";
  if (/[\r\n]/.test(name)) return "a line break cannot be part of a section name";
  if (name === DEFAULT_SECTION)
    return "[DEFAULT] is not a section to botocore: its keys would go into every section";
  const read = classifyLine(`[${name}]`, START_STATE);
  return read.kind === "section" && read.name === name
    ? undefined
    : "botocore would read another name back";
}

/**
 * Why `key = value` cannot be written so that botocore reads back exactly `value`: configparser
 * strips a value (with Python's whitespace set) and ends it at a line break.
 */
export function valueProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return "it holds a line break";
  if (pythonStrip(value) !== value) return "it starts or ends with whitespace";
  return undefined;
}

/**
 * A marker value (the profile or sso-session a section was written for) as it is written: as is
 * when botocore reads it back unchanged, else as a JSON string (a profile " sp " is `" sp "`).
 */
export function markerValue(text: string): string {
  return valueProblem(text) === undefined && !text.startsWith('"') ? text : JSON.stringify(text);
}

/** The text a marker value stands for (the inverse of markerValue). */
export function markerText(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "string" ? parsed : value;
  } catch {
    return value;
  }
}
