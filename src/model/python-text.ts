// botocore reads AWS files with Python's configparser, whose str.strip(), re's \s and
// str.isspace() all use one whitespace set (verified against Python 3.11 over every code point).
// It differs from JavaScript's \s and trim(): Python adds \x1c-\x1f and NEL (\x85), and does not
// count the byte-order mark (\uFEFF) as whitespace. Loops, not regular expressions: a line of
// many spaces must not cost quadratic time.

/** Python's `str.isspace()` for the UTF-16 code unit `code` (every Python space is in the BMP). */
export function isPythonSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  if (code < 0x85) return false;
  if (code === 0x85 || code === 0xa0 || code === 0x1680) return true;
  if (code >= 0x2000 && code <= 0x200a) return true;
  return (
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000
  );
}

/** The length of the leading whitespace: configparser's indentation (its `\S` search). */
export function indentOf(text: string): number {
  let at = 0;
  while (at < text.length && isPythonSpace(text.charCodeAt(at))) at++;
  return at;
}

/** The leading whitespace of a line, to indent a new line exactly like it. */
export function leadingSpace(text: string): string {
  return text.slice(0, indentOf(text));
}

/** Python's `str.rstrip()` with no argument. */
export function pythonRstrip(text: string): string {
  let end = text.length;
  while (end > 0 && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/** Python's `str.strip()` with no argument. */
export function pythonStrip(text: string): string {
  const right = pythonRstrip(text);
  return right.slice(indentOf(right));
}

/** Whether str.splitlines() breaks a line at this code unit (botocore splits sub-sections with it). */
function isSplitlinesBreak(code: number): boolean {
  return (
    (code >= 0x0a && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x1e) ||
    code === 0x85 ||
    code === 0x2028 ||
    code === 0x2029
  );
}

/** Python's `str.splitlines()`: breaks at more than newlines (\v, \f, \x1c-\x1e, NEL, U+2028/9). */
export function pythonSplitlines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!isSplitlinesBreak(code)) continue;
    lines.push(text.slice(start, at));
    // CR LF is one break.
    if (code === 0x0d && text.charCodeAt(at + 1) === 0x0a) at++;
    start = at + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
