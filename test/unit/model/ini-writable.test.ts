import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  markerText,
  markerValue,
  sectionNameProblem,
  valueProblem,
} from "../../../src/model/ini-writable.js";

describe("what botocore reads back", () => {
  it("writes any section name but an empty one, one with a line break, and DEFAULT", () => {
    for (const name of [" sp ", "a]b", "[x", "#c", "team.dev", "\x1cz\x85", "ü"])
      assert.equal(sectionNameProblem(name), undefined, name);
    assert.match(sectionNameProblem("") ?? "", /empty/);
    assert.match(sectionNameProblem("a\rb") ?? "", /line break/);
    assert.match(sectionNameProblem("DEFAULT") ?? "", /every section/);
  });
  it("refuses values with a line break or surrounding whitespace", () => {
    assert.equal(valueProblem("token=/+x#;"), undefined);
    assert.match(valueProblem("a\nb") ?? "", /line break/);
    assert.match(valueProblem("v\x1c") ?? "", /whitespace/);
    assert.match(valueProblem("\x85v") ?? "", /whitespace/);
  });
  it("writes a marker as is when it can, as JSON when it cannot, and reads both back", () => {
    assert.equal(markerValue("dev"), "dev");
    assert.equal(markerValue(" sp "), '" sp "');
    assert.equal(markerValue('"q"'), '"\\"q\\""');
    for (const name of ["dev", " sp ", '"q"', "\x1cx", "a b"])
      assert.equal(markerText(markerValue(name)), name);
    assert.equal(markerText('"broken'), '"broken');
  });
});
