import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  dominantEol,
  joinLines,
  scanWithStates,
  splitLines,
} from "../../../src/model/ini-lines.js";

describe("splitLines / joinLines", () => {
  const samples = [
    "",
    "a",
    "a\n",
    "a\r\nb\n",
    "\n\n",
    "x\r\n\r\ny",
    "mixed\nline\r\nendings",
    "\r",
    "tail\r",
    "cr\ronly\r",
    "a\r\r\nb",
    "nel\x85u2028\u2028x1c\x1c",
  ];
  for (const text of samples) {
    it(`round-trips ${JSON.stringify(text)}`, () => {
      assert.equal(joinLines(splitLines(text)), text);
    });
  }
  it("keeps each line's own ending", () => {
    assert.deepEqual(splitLines("a\r\nb\nc"), [
      { text: "a", eol: "\r\n" },
      { text: "b", eol: "\n" },
      { text: "c", eol: "" },
    ]);
  });
  it("breaks lines where Python's universal newlines do: LF, CRLF and a lone CR, nothing else", () => {
    assert.deepEqual(splitLines("a\rb\r\nc\r\rd\x85e\u2028f\x1cg\vh\fi\n"), [
      { text: "a", eol: "\r" },
      { text: "b", eol: "\r\n" },
      { text: "c", eol: "\r" },
      { text: "", eol: "\r" },
      { text: "d\x85e\u2028f\x1cg\vh\fi", eol: "\n" },
    ]);
  });
  it("picks the dominant line ending", () => {
    assert.equal(dominantEol(splitLines("a\rb\rc\n")), "\r");
    assert.equal(dominantEol(splitLines("a\r\nb\r\nc\n")), "\r\n");
    assert.equal(dominantEol(splitLines("a\nb\r\n")), "\n");
    assert.equal(dominantEol(splitLines("")), "\n");
  });
});

describe("scanWithStates", () => {
  it("classifies comments, sections, entries and continuations like configparser", () => {
    const kinds = scanWithStates(
      splitLines("# c\n; c\n[s]\nk = v\n  sub = 1\n\n  ; indented comment\nx=y\n[ spaced ]\n"),
    ).infos.map((info) => info.kind);
    assert.deepEqual(kinds, [
      "comment",
      "comment",
      "section",
      "entry",
      "continuation",
      "blank",
      "comment",
      "entry",
      "section",
    ]);
  });
  it("treats equally indented keys as keys, not continuations", () => {
    const infos = scanWithStates(splitLines("[s]\n  a = 1\n  b = 2\n")).infos;
    assert.deepEqual(
      infos.map((info) => info.kind),
      ["section", "entry", "entry"],
    );
  });
  it("splits at the first = or : and lower-cases keys", () => {
    const [, entry] = scanWithStates(
      splitLines("[s]\nSSO_Start_URL = https://x.awsapps.com/start#/a=b\n"),
    ).infos;
    assert.deepEqual(entry, {
      kind: "entry",
      key: "sso_start_url",
      value: "https://x.awsapps.com/start#/a=b",
    });
  });
  it("marks a line that is neither as invalid", () => {
    assert.equal(scanWithStates(splitLines("[s]\njust words\n")).infos[1]?.kind, "invalid");
  });
  it("keeps a section name exactly as written between the first [ and the last ]", () => {
    const names = scanWithStates(
      splitLines("[ dev ]\n[a]b]\n[x] # not a comment\n\t[tab]\x1c\n"),
    ).infos.map((info) => (info.kind === "section" ? info.name : info.kind));
    assert.deepEqual(names, [" dev ", "a]b", "x", "tab"]);
  });
  it("reads [] = 1 as a key named [], and [] alone as no INI at all", () => {
    assert.deepEqual(scanWithStates(splitLines("[s]\n[]=1\n[]\n")).infos.slice(1), [
      { kind: "entry", key: "[]", value: "1" },
      { kind: "invalid", problem: "not-ini" },
    ]);
  });
  it("strips and indents with Python's whitespace: \\x1c-\\x1f and NEL are spaces, the BOM is not", () => {
    const infos = scanWithStates(
      splitLines("[s]\nk = v\x1f\x85\n\x1c\x1dmore\n\uFEFFj = w\n"),
    ).infos;
    assert.deepEqual(infos.slice(1), [
      { kind: "entry", key: "k", value: "v" },
      { kind: "continuation", value: "more" },
      { kind: "entry", key: "\uFEFFj", value: "w" },
    ]);
  });
  it("continues a value with a deeper line after blank lines, but not after a header", () => {
    const kinds = scanWithStates(splitLines("[s]\nk = v\n\n  more\n[t]\n  k = v\n")).infos.map(
      (info) => info.kind,
    );
    assert.deepEqual(kinds, ["section", "entry", "blank", "continuation", "section", "entry"]);
  });
  it("reads an indented header after a key as part of that key's value", () => {
    const kinds = scanWithStates(splitLines("[s]\nk = v\n  [t]\n")).infos.map((info) => info.kind);
    assert.deepEqual(kinds, ["section", "entry", "continuation"]);
  });
  it("refuses a line before any section, the BOM of a first line included", () => {
    assert.deepEqual(scanWithStates(splitLines("\uFEFF[s]\n")).infos, [
      { kind: "invalid", problem: "no-section" },
    ]);
  });
});
