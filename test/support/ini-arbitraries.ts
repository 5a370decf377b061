import fc from "fast-check";

// Characters where AWS INI readers disagree: Python's whitespace that JavaScript's is not
// (\x1c-\x1f, NEL), JavaScript's that Python's is not (the BOM), line breaks for str.splitlines()
// but not for universal newlines (\v, \f, \x1c-\x1e, NEL, U+2028/9), and INI punctuation.
export const ODD_SPACE = [
  " ",
  "\t",
  "\v",
  "\f",
  "\x1c",
  "\x1d",
  "\x1e",
  "\x1f",
  "\x85",
  "\xa0",
  "\u2000",
  "\u2028",
  "\u2029",
  "\u3000",
  "\uFEFF",
];
const PUNCTUATION = ["[", "]", "=", ":", "#", ";", '"', "'", "\\", "/", "+"];
const LETTERS = ["a", "b", "K", "x", "İ", "Σ", "é", "0"];

/** A line ending as Python's universal newlines read it. */
export const eolArb = fc.constantFrom("\n", "\r\n", "\r");

const chars = (pool: readonly string[], maxLength: number) =>
  fc.array(fc.constantFrom(...pool), { maxLength }).map((parts) => parts.join(""));

const space = chars(ODD_SPACE, 3);
const anyText = (maxLength: number) => chars([...ODD_SPACE, ...PUNCTUATION, ...LETTERS], maxLength);
const indent = fc.oneof(
  { weight: 3, arbitrary: fc.constant("") },
  { weight: 2, arbitrary: fc.constantFrom(" ", "  ", "\t", "    ") },
  { weight: 1, arbitrary: space },
);

/** Section names as people write them, the odd ones botocore reads literally included. */
export const sectionNameArb = fc.oneof(
  fc.constantFrom(
    "dev",
    "default",
    "DEFAULT",
    " dev ",
    "profile dev",
    'profile " sp "',
    "profile 'q'",
    "profile a b",
    "profilex y",
    'profile "unclosed',
    "sso-session acme",
    "a]b",
    "[x",
    "dev\x85",
    "\u3000dev",
  ),
  anyText(6).filter((name) => name !== ""),
);

const keyArb = fc.oneof(
  fc.constantFrom("aws_access_key_id", "region", "Region", "s3", "sso_session", "k", "a b"),
  anyText(5),
);

const headerLine = fc
  .tuple(indent, sectionNameArb, fc.constantFrom("", "", " junk", "]"), space)
  .map(([lead, name, after, trail]) => `${lead}[${name}]${after}${trail}`);
const entryLine = fc
  .tuple(indent, keyArb, space, fc.constantFrom("=", ":", " = ", "= "), anyText(8), space)
  .map(([lead, key, gap, sep, value, trail]) => `${lead}${key}${gap}${sep}${value}${trail}`);
const commentLine = fc
  .tuple(indent, fc.constantFrom("#", ";"), anyText(6))
  .map(([lead, mark, body]) => `${lead}${mark}${body}`);
const subKeyLine = fc
  .tuple(fc.constantFrom("  ", "    ", "\t", "\x1c\x1c"), anyText(4), anyText(4))
  .map(([lead, key, value]) => `${lead}${key}=${value}`);

/** One line of an AWS INI file (without its line ending). */
export const lineArb = fc.oneof(
  { weight: 3, arbitrary: headerLine },
  { weight: 6, arbitrary: entryLine },
  { weight: 2, arbitrary: commentLine },
  { weight: 2, arbitrary: space },
  { weight: 2, arbitrary: subKeyLine },
  { weight: 1, arbitrary: anyText(10) },
);

/** A file of such lines, usually starting with a header, with mixed line endings. */
export const iniTextArb = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: headerLine }, { weight: 1, arbitrary: lineArb }),
    fc.array(fc.tuple(lineArb, eolArb), { maxLength: 14 }),
    eolArb,
    fc.boolean(),
  )
  .map(
    ([first, rest, firstEol, finalEol]) =>
      first +
      firstEol +
      rest
        .map(([line, eol], index) => line + (index < rest.length - 1 || finalEol ? eol : ""))
        .join(""),
  );
