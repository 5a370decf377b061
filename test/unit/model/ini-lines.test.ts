import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dominantEol, joinLines, scanLines, splitLines } from "../../../src/model/ini-lines.js";

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
  it("picks the dominant line ending", () => {
    assert.equal(dominantEol(splitLines("a\r\nb\r\nc\n")), "\r\n");
    assert.equal(dominantEol(splitLines("a\nb\r\n")), "\n");
    assert.equal(dominantEol(splitLines("")), "\n");
  });
});

describe("scanLines", () => {
  it("classifies comments, sections, entries and continuations like configparser", () => {
    const kinds = scanLines(
      splitLines("# c\n; c\n[s]\nk = v\n  sub = 1\n\n  ; indented comment\nx=y\n[ spaced ]\n"),
    ).map((info) => info.kind);
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
    const infos = scanLines(splitLines("[s]\n  a = 1\n  b = 2\n"));
    assert.deepEqual(
      infos.map((info) => info.kind),
      ["section", "entry", "entry"],
    );
  });
  it("splits at the first = or : and lower-cases keys", () => {
    const [, entry] = scanLines(
      splitLines("[s]\nSSO_Start_URL = https://x.awsapps.com/start#/a=b\n"),
    );
    assert.deepEqual(entry, {
      kind: "entry",
      key: "sso_start_url",
      value: "https://x.awsapps.com/start#/a=b",
    });
  });
  it("marks a line that is neither as invalid", () => {
    assert.equal(scanLines(splitLines("[s]\njust words\n"))[1]?.kind, "invalid");
  });
});
