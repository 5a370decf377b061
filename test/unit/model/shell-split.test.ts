import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shlexSplit } from "../../../src/model/shell-split.js";

// Each expectation is what Python 3.11's shlex.split returns (None: it raises ValueError).
describe("shlexSplit", () => {
  const cases: Array<[string, string[] | undefined]> = [
    ["profile dev", ["profile", "dev"]],
    ['profile " sp "', ["profile", " sp "]],
    ["profile 'q'", ["profile", "q"]],
    ['profile a"b c"', ["profile", "ab c"]],
    ['profile "a\\"b\\\\c\\d"', ["profile", 'a"b\\c\\d']],
    ["profile a\\ b", ["profile", "a b"]],
    ["profile 'a\\b'", ["profile", "a\\b"]],
    ['profile ""', ["profile", ""]],
    ["profile a#b", ["profile", "a#b"]],
    ["profile\ta  b", ["profile", "a", "b"]],
    ["profile a;b&c|d$e`f'g", undefined],
    ['profile "unclosed', undefined],
    ["profile trailing\\", undefined],
  ];
  for (const [text, words] of cases)
    it(JSON.stringify(text), () => assert.deepEqual(shlexSplit(text), words));
});
