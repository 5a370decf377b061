// How systemd reads the values sso-sync writes, written here from systemd.syntax(7) and
// systemd.service(5), independently of the product's quoting: % specifiers are expanded in every
// directive (`%%` is a %), words are split at whitespace outside quotes, quotes group and go,
// backslash escapes are C escapes; in ExecStart= each word then has `$$` for `$`, and any other
// `$` would expand a variable. Anything else this reader does not expect throws.

const ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', "'": "'" };

function specifiers(value: string): string {
  return value.replace(/%(.)/gs, (_, char: string) => {
    if (char === "%") return "%";
    throw new Error(`systemd would expand the specifier %${char}`);
  });
}

function splitWords(value: string): string[] {
  const words: string[] = [];
  let index = 0;
  const readEscape = () => {
    const next = value[index + 1] ?? "";
    const plain = ESCAPES[next];
    if (plain === undefined) throw new Error(`unexpected escape \\${next}`);
    index += 2;
    return plain;
  };
  while (index < value.length) {
    while (/[ \t]/.test(value[index] ?? "")) index++;
    if (index >= value.length) break;
    let word = "";
    while (index < value.length && !/[ \t]/.test(value[index] ?? "")) {
      const char = value[index] as string;
      if (char === '"' || char === "'") {
        index++;
        while (value[index] !== char) {
          if (index >= value.length) throw new Error("unterminated quote");
          if (value[index] === "\\") word += readEscape();
          else word += value[index++];
        }
        index++;
      } else if (char === "\\") word += readEscape();
      else {
        word += char;
        index++;
      }
    }
    words.push(word);
  }
  return words;
}

function dollars(word: string): string {
  return word.replace(/\$(\$|[{A-Za-z_])/g, (match, next: string) => {
    if (next === "$") return "$";
    throw new Error(`systemd would expand ${match}`);
  });
}

/** The argv systemd runs for an ExecStart= value. */
export function execStartArgv(value: string): string[] {
  return splitWords(specifiers(value)).map(dollars);
}

/** The NAME=value assignments of an Environment= value. */
export function environmentAssignments(value: string): string[] {
  return splitWords(specifiers(value));
}
