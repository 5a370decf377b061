import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  indentOf,
  isPythonSpace,
  pythonRstrip,
  pythonSplitlines,
  pythonStrip,
} from "../../../src/model/python-text.js";

// Python 3.11: [hex(c) for c in range(0x110000) if chr(c).isspace()]
const PYTHON_SPACES = [
  0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f,
  0x3000,
];

describe("Python's text rules", () => {
  it("counts exactly Python's whitespace as space (not the BOM JavaScript counts)", () => {
    const found: number[] = [];
    for (let code = 0; code <= 0xffff; code++) if (isPythonSpace(code)) found.push(code);
    assert.deepEqual(found, PYTHON_SPACES);
  });
  it("strips like str.strip() and str.rstrip()", () => {
    assert.equal(pythonStrip("\x1c\x85 a b\x1f\u3000"), "a b");
    assert.equal(pythonStrip("\uFEFFa\uFEFF"), "\uFEFFa\uFEFF");
    assert.equal(pythonRstrip(" a \t"), " a");
    assert.equal(indentOf("\x1d\t x"), 3);
  });
  it("splits like str.splitlines()", () => {
    assert.deepEqual(pythonSplitlines("a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i\r\nj\rk\n"), [
      ..."abcdefghijk",
    ]);
    assert.deepEqual(pythonSplitlines("a\x1fb\n\n"), ["a\x1fb", ""]);
    assert.deepEqual(pythonSplitlines(""), []);
  });
});
