import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseIniDocument } from "../../../src/model/ini-document.js";
import { readsBack } from "../../../src/model/ini-editor.js";

const ENTRIES: ReadonlyArray<readonly [string, string]> = [
  ["aws_access_key_id", "ASIA1"],
  ["aws_secret_access_key", "s/1+="],
];
const written = new Map([["dev", ENTRIES]]);
const check = (text: string) => readsBack(parseIniDocument(text), written);

// No known input makes the one-pass edit fail this check (900 000 generated files tried), so
// the check itself is tested: it is what stops a write botocore would read otherwise.
describe("readsBack: each written section reads back, by botocore's rules, as its entries", () => {
  it("accepts the section when it reads as exactly its entries", () => {
    assert.equal(check("[dev]\naws_access_key_id = ASIA1\naws_secret_access_key = s/1+=\n"), true);
    assert.equal(
      check("[other]\nx = y\n\n[dev]\naws_access_key_id = ASIA1\naws_secret_access_key = s/1+=\n"),
      true,
    );
  });

  it("refuses a section that is there twice (botocore would fail on the whole file)", () => {
    const once = "[dev]\naws_access_key_id = ASIA1\naws_secret_access_key = s/1+=\n";
    assert.equal(check(once + once), false);
  });

  it("refuses a value that an indented line goes on continuing", () => {
    assert.equal(
      check("[dev]\naws_access_key_id = ASIA1\naws_secret_access_key = s/1+=\n  more\n"),
      false,
    );
  });

  it("refuses a section that is missing or holds another value", () => {
    assert.equal(check("[other]\naws_access_key_id = ASIA1\n"), false);
    assert.equal(check("[dev]\naws_access_key_id = ASIA2\naws_secret_access_key = s/1+=\n"), false);
  });
});
