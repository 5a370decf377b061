import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  OWNER_KEY,
  ownedSectionNames,
  parseIniDocument,
  readSection,
  renderIniDocument,
  sectionNames,
  sectionState,
} from "../../../src/model/ini-document.js";
import { removeOwnedSections, writeOwnedSections } from "../../../src/model/ini-editor.js";
import { taggedEntries } from "../../support/entries.js";
import { fixture } from "../../support/fixtures.js";
import { removeOwnedSection, writeOwnedSection } from "../../support/owned-section.js";

const entries = taggedEntries;

function write(text: string, name: string, tag: string, takeOver = false): string {
  const result = writeOwnedSection(parseIniDocument(text), name, entries(tag), takeOver);
  assert.ok(result.ok, `write of [${name}] was refused`);
  return renderIniDocument(result.doc);
}

describe("credentials document", () => {
  const original = fixture("credentials/hand-written.ini");

  it("renders the parsed file byte for byte", () => {
    assert.equal(renderIniDocument(parseIniDocument(original)), original);
  });

  it("knows which sections it owns", () => {
    const doc = parseIniDocument(original);
    assert.equal(sectionState(doc, "default"), "unowned");
    assert.equal(sectionState(doc, "team.dev"), "owned");
    assert.equal(sectionState(doc, "nope"), "absent");
    assert.deepEqual(ownedSectionNames(doc), ["team.dev"]);
  });

  it("appends a new section and leaves every earlier byte alone", () => {
    const updated = write(original, "new", "NEW");
    assert.ok(updated.startsWith(original), "the original text must be an exact prefix");
    assert.equal(
      updated.slice(original.length),
      "\n\n[new]\naws_access_key_id = ASIANEW\naws_secret_access_key = secret/NEW+=\naws_session_token = token=NEW==\naws_security_token = token=NEW==\naws_credential_expiration = 2030-01-01T00:00:00Z\nsso_sync_profile = NEW\n",
    );
  });

  it("updates an owned section in place, keeping a user's key, comment and order", () => {
    const updated = write(original, "team.dev", "T2");
    const expected = original
      .replace("aws_access_key_id = ASIAOLDOLDOLDOLDOLD1", "aws_access_key_id = ASIAT2")
      .replace("aws_secret_access_key = old-secret", "aws_secret_access_key = secret/T2+=")
      .replace("aws_session_token = old-token", "aws_session_token = token=T2==")
      .replace("aws_security_token = old-token", "aws_security_token = token=T2==")
      .replace(
        "aws_credential_expiration = 2020-01-01T00:00:00Z",
        "aws_credential_expiration = 2030-01-01T00:00:00Z",
      )
      .replace("sso_sync_profile = team.dev", "sso_sync_profile = T2");
    assert.equal(updated, expected);
  });

  it("refuses a section it does not own, and takes it over only when asked", () => {
    const doc = parseIniDocument(original);
    assert.deepEqual(writeOwnedSection(doc, "default", entries("X"), false), {
      ok: false,
      reason: "unowned",
    });
    const taken = writeOwnedSection(doc, "default", entries("X"), true);
    assert.ok(taken.ok);
    assert.equal(taken.action, "took-over");
    const section = readSection(taken.doc, "default");
    assert.equal(section?.get("aws_access_key_id"), "ASIAX");
    assert.equal(section?.get("region"), "eu-central-1");
    assert.equal(section?.get(OWNER_KEY), "X");
  });

  it("adds missing keys after the section's last key, not after trailing comments", () => {
    const text = "[p]\naws_access_key_id = A\nsso_sync_profile = p\n\n# about [q]\n[q]\nk = v\n";
    const updated = write(text, "p", "P");
    assert.equal(
      updated,
      "[p]\naws_access_key_id = ASIAP\nsso_sync_profile = P\naws_secret_access_key = secret/P+=\naws_session_token = token=P==\naws_security_token = token=P==\naws_credential_expiration = 2030-01-01T00:00:00Z\n\n# about [q]\n[q]\nk = v\n",
    );
  });

  it("writes CRLF into a CRLF file and LF into an LF file", () => {
    const crlf = write("[a]\r\nk = v\r\n", "b", "B");
    assert.ok(!/[^\r]\n/.test(crlf), "every LF must be part of a CRLF");
    const lf = write("[a]\nk = v\n", "b", "B");
    assert.ok(!lf.includes("\r"));
  });

  it("terminates a last line that had no line ending before appending", () => {
    const updated = write("[a]\nk = v", "b", "B");
    assert.ok(updated.startsWith("[a]\nk = v\n\n[b]\n"));
  });

  it("writes into an empty file without leading blank lines", () => {
    assert.ok(write("", "b", "B").startsWith("[b]\naws_access_key_id = ASIAB\n"));
  });

  it("never leaves duplicate keys in an owned section", () => {
    const updated = write(
      "[p]\nsso_sync_profile = p\naws_access_key_id = A\naws_access_key_id = B\n",
      "p",
      "P",
    );
    assert.equal(updated.match(/aws_access_key_id/g)?.length, 1);
    assert.equal(updated.match(/sso_sync_profile/g)?.length, 1);
  });

  it("merges duplicate owned sections and refuses duplicates it does not fully own", () => {
    const owned =
      "[p]\nsso_sync_profile = p\naws_access_key_id = A\n\n[x]\nk = v\n\n[p]\nsso_sync_profile = p\naws_access_key_id = B\n";
    const merged = write(owned, "p", "P");
    assert.equal(merged.match(/^\[p\]$/gm)?.length, 1);
    assert.ok(merged.includes("[x]\nk = v\n"));
    const mixed = "[p]\naws_access_key_id = AKIA\n[p]\nsso_sync_profile = p\n";
    assert.deepEqual(writeOwnedSection(parseIniDocument(mixed), "p", entries("P"), true), {
      ok: false,
      reason: "duplicate",
    });
  });

  it("merges an owned copy at the very end of the file", () => {
    const merged = write(
      "[p]\nsso_sync_profile = p\naws_access_key_id = A\n\n[p]\nsso_sync_profile = p\n",
      "p",
      "P",
    );
    assert.equal(merged.match(/^\[p\]$/gm)?.length, 1);
    assert.ok(merged.startsWith("[p]\nsso_sync_profile = P\naws_access_key_id = ASIAP\n"));
    assert.equal(merged.match(/aws_session_token/g)?.length, 1);
  });

  it("drops the continuation lines of a managed key it rewrites", () => {
    const updated = write(
      "[p]\nsso_sync_profile = p\naws_session_token =\n  weird\nregion = r\n",
      "p",
      "P",
    );
    assert.ok(!updated.includes("weird"));
    assert.ok(updated.includes("region = r\n"));
  });

  it("removes only owned sections and keeps the comments that introduce the next one", () => {
    const removed = renderIniDocument(removeOwnedSection(parseIniDocument(original), "team.dev"));
    assert.ok(!removed.includes("[team.dev]"));
    assert.ok(removed.includes("  ; an indented comment that belongs to nobody\n\n[unicode-ü]"));
    assert.ok(removed.startsWith(original.slice(0, original.indexOf("[team.dev]"))));
    assert.equal(
      renderIniDocument(removeOwnedSection(parseIniDocument(original), "default")),
      original,
    );
  });
});

describe("credentials document, as botocore reads it", () => {
  const values = (text: string, name: string) =>
    Object.fromEntries(readSection(parseIniDocument(text), name) ?? []);

  it("finds a section in a CR-only file and writes CR there", () => {
    const text = "[a]\rk = v\r\r[p]\rsso_sync_profile = p\raws_access_key_id = OLD\r";
    const updated = write(text, "p", "P");
    assert.ok(!updated.includes("\n"));
    assert.equal(updated.match(/\[p\]/g)?.length, 1);
    assert.equal(values(updated, "p").aws_access_key_id, "ASIAP");
    assert.equal(write(text, "new", "N").match(/\r\r\[new\]\r/g)?.length, 1);
  });

  it("takes over a section with indented keys at their indentation, so they stay keys", () => {
    const text = "[dev]\n  aws_access_key_id = AKIAUSER\n  region = eu-central-1\n";
    assert.equal(
      write(text, "dev", "D", true),
      "[dev]\n  aws_access_key_id = ASIAD\n  region = eu-central-1\n  aws_secret_access_key = secret/D+=\n  aws_session_token = token=D==\n  aws_security_token = token=D==\n  aws_credential_expiration = 2030-01-01T00:00:00Z\n  sso_sync_profile = D\n",
    );
  });

  it("drops a rewritten key's continuation lines after blank lines too", () => {
    const text =
      "[p]\nsso_sync_profile = p\naws_session_token = OLD\n\n    continued\nregion = r\n";
    const updated = write(text, "p", "P");
    assert.ok(!updated.includes("continued"));
    assert.equal(values(updated, "p").aws_session_token, "token=P==");
    assert.equal(values(updated, "p").region, "r");
  });

  it("adds keys to a section without keys no deeper than the next header", () => {
    const text = "[p]\nsso_sync_profile = p\n[q]\n  [r]\nk = v\n";
    const taken = writeOwnedSection(parseIniDocument(text), "q", entries("Q"), true);
    assert.ok(taken.ok);
    const after = renderIniDocument(taken.doc);
    assert.match(after, /\[q\]\n {2}aws_access_key_id = ASIAQ\n/);
    assert.deepEqual(sectionNames(taken.doc), ["p", "q", "r"]);
  });

  it("keeps names exactly: [ dev ] is not [dev], and [ sp ] is written and found again", () => {
    const text = "[ dev ]\naws_access_key_id = AKIAUSER\n";
    assert.equal(sectionState(parseIniDocument(text), "dev"), "absent");
    assert.equal(sectionState(parseIniDocument(text), " dev "), "unowned");
    const spaced = write("", " sp ", "S");
    assert.ok(spaced.startsWith("[ sp ]\n"));
    assert.equal(sectionState(parseIniDocument(spaced), " sp "), "owned");
    assert.equal(write(spaced, " sp ", "T").match(/\[ sp \]/g)?.length, 1);
  });

  it("does not treat [DEFAULT] as a section, and reads its keys into every section", () => {
    const doc = parseIniDocument("[DEFAULT]\nregion = r\n[a]\nk = v\n");
    assert.deepEqual(sectionNames(doc), ["a"]);
    assert.deepEqual(Object.fromEntries(readSection(doc, "a") ?? []), { k: "v", region: "r" });
    assert.throws(() => writeOwnedSection(doc, "DEFAULT", entries("X"), true), /DEFAULT/);
  });

  it("refuses to write a value botocore would read back otherwise", () => {
    const broken: Array<[string, string]> = [["aws_session_token", "a\nb"]];
    assert.throws(() => writeOwnedSection(parseIniDocument(""), "p", broken, false), /line break/);
  });

  it("writes a batch in one pass with the same result as one write after another", () => {
    const original = fixture("credentials/hand-written.ini");
    const writes = ["new", "team.dev", "other"].map((name) => ({ name, entries: entries(name) }));
    const batch = writeOwnedSections(parseIniDocument(original), writes, false);
    const oneByOne = writes.reduce((text, { name }) => write(text, name, name), original);
    assert.equal(renderIniDocument(batch.doc), oneByOne);
    assert.deepEqual(
      batch.outcomes.map((outcome) => outcome.action !== "refused" && outcome.action),
      ["created", "updated", "created"],
    );
  });

  it("removes appended sections with their separator, leaving the file as it was", () => {
    const original = "[hand]\nk = v\n";
    const names = ["a", "b", "c"];
    const added = writeOwnedSections(
      parseIniDocument(original),
      names.map((name) => ({ name, entries: entries(name) })),
      false,
    ).doc;
    for (const order of [names, ["b"], ["a", "c"]]) {
      const removed = removeOwnedSections(added, order);
      assert.deepEqual(removed.removed, order);
      const rest = names.filter((name) => !order.includes(name));
      const expected = writeOwnedSections(
        parseIniDocument(original),
        rest.map((name) => ({ name, entries: entries(name) })),
        false,
      ).doc;
      assert.equal(renderIniDocument(removed.doc), renderIniDocument(expected), order.join());
    }
  });

  it("keeps a section whose removal would make an indented header continue the previous key", () => {
    const text = "[a]\nk = v\n[p]\n  sso_sync_profile = p\n  [b]\nx = y\n";
    const removed = removeOwnedSections(parseIniDocument(text), ["p"]);
    assert.deepEqual(removed.removed, []);
    assert.equal(renderIniDocument(removed.doc), text);
  });

  it("refuses to merge copies of an owned section when dropping one would change the next header", () => {
    const text =
      "[a]\nk = v\n[p]\nsso_sync_profile = p\n[p]\n  sso_sync_profile = p\n  [b]\nx = y\n";
    const doc = parseIniDocument(text);
    assert.deepEqual(writeOwnedSection(doc, "p", entries("P"), false), {
      ok: false,
      reason: "duplicate",
    });
    // Another section of the same batch is still written.
    const batch = writeOwnedSections(
      doc,
      [
        { name: "p", entries: entries("P") },
        { name: "n", entries: entries("N") },
      ],
      false,
    );
    assert.deepEqual(
      batch.outcomes.map((outcome) =>
        outcome.action === "refused" ? outcome.reason : outcome.action,
      ),
      ["duplicate", "created"],
    );
    assert.ok(renderIniDocument(batch.doc).startsWith(text));
  });
});
