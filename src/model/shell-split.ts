const WHITESPACE = " \t\r\n";
const QUOTES = "'\"";

/**
 * Python's `shlex.split(text)` (POSIX mode, no comments), which botocore uses to read
 * `[profile NAME]` headers: quotes group and are removed, a backslash escapes outside single
 * quotes (inside double quotes only before `"` or `\`). Undefined where shlex raises ValueError.
 */
export function shlexSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = "";
  let started = false;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === "\\" && quote === '"') {
        const next = text[++index];
        if (next === undefined) return undefined;
        word += next === '"' || next === "\\" ? next : `\\${next}`;
      } else word += char;
    } else if (WHITESPACE.includes(char)) {
      if (started) words.push(word);
      word = "";
      started = false;
    } else if (char === "\\") {
      const next = text[++index];
      if (next === undefined) return undefined;
      word += next;
      started = true;
    } else if (QUOTES.includes(char)) {
      quote = char;
      started = true;
    } else {
      word += char;
      started = true;
    }
  }
  if (quote !== undefined) return undefined;
  if (started) words.push(word);
  return words;
}
