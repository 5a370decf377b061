import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planClean } from "../../../../src/commands/clean/clean-plan.js";
import { formatTimestamp } from "../../../../src/model/expiry.js";
import { OWNER_KEY, parseIniDocument } from "../../../../src/model/ini-document.js";

const NOW = new Date(Date.UTC(2030, 5, 1, 12, 0, 0));
const MINUTE = 60_000;
const at = (ms: number) => formatTimestamp(new Date(NOW.getTime() + ms));

/** A section sso-sync wrote, expiring at `expiry` (omitted: no expiry line). */
const owned = (name: string, expiry?: string) =>
  `[${name}]\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\n${
    expiry === undefined ? "" : `aws_credential_expiration = ${expiry}\n`
  }${OWNER_KEY} = ${name}\n\n`;
/** A section someone else wrote. */
const mine = (name: string, expiry = at(-60 * MINUTE)) =>
  `[${name}]\naws_access_key_id = AKIAMINE\naws_credential_expiration = ${expiry}\n\n`;

// File order differs from name order, so "in file order" means something.
const FILE = parseIniDocument(
  [
    owned("team-b", at(-MINUTE)),
    mine("default"),
    owned("team-a", at(60 * MINUTE)),
    owned("solo", at(0)),
    mine("team-mine"),
    owned("a.b", at(60 * MINUTE)),
  ].join(""),
);

describe("planClean: every owned section", () => {
  it("removes every section sso-sync wrote, in file order, and reports nothing it left alone", () => {
    assert.deepEqual(planClean(FILE, [], false, NOW), {
      remove: ["team-b", "team-a", "solo", "a.b"],
      notOwned: [],
      unmatched: [],
    });
  });

  it("with --expired, removes those expired at or before now", () => {
    assert.deepEqual(planClean(FILE, [], true, NOW), {
      remove: ["team-b", "solo"],
      notOwned: [],
      unmatched: [],
    });
  });

  it("has nothing to do in an empty file or one sso-sync never wrote to", () => {
    const empty = { remove: [], notOwned: [], unmatched: [] };
    assert.deepEqual(planClean(parseIniDocument(""), [], false, NOW), empty);
    assert.deepEqual(planClean(parseIniDocument(mine("default")), [], false, NOW), empty);
  });
});

describe("planClean: --profile names and globs", () => {
  it("removes the owned sections a name or glob matches, once each, in file order", () => {
    const plan = planClean(FILE, ["solo", "team-?", "team-*"], false, NOW);
    assert.deepEqual(plan.remove, ["team-b", "team-a", "solo"]);
    assert.deepEqual(plan.unmatched, []);
  });

  it("names the matched sections it did not write, and never removes them", () => {
    const plan = planClean(FILE, ["team-*", "default"], false, NOW);
    assert.deepEqual(plan.remove, ["team-b", "team-a"]);
    assert.deepEqual(plan.notOwned, ["default", "team-mine"]);
  });

  it("reports each spec that matched no section, as typed", () => {
    const plan = planClean(FILE, ["prod", "team-a", "x*", "0123"], false, NOW);
    assert.deepEqual(plan, { remove: ["team-a"], notOwned: [], unmatched: ["prod", "x*", "0123"] });
  });

  it("matches whole names, with * and ? the only wildcards", () => {
    assert.deepEqual(planClean(FILE, ["team"], false, NOW).unmatched, ["team"]);
    assert.deepEqual(planClean(FILE, ["eam-a"], false, NOW).unmatched, ["eam-a"]);
    assert.deepEqual(planClean(FILE, ["a?b"], false, NOW).remove, ["a.b"]);
    const dotted = planClean(parseIniDocument(owned("axb", at(MINUTE))), ["a.b"], false, NOW);
    assert.deepEqual(dotted, { remove: [], notOwned: [], unmatched: ["a.b"] });
  });

  it("with --expired, removes only matched sections that have expired", () => {
    const plan = planClean(FILE, ["team-*", "default"], true, NOW);
    assert.deepEqual(plan.remove, ["team-b"]);
    assert.deepEqual(plan.notOwned, ["default", "team-mine"], "still said, though expired");
  });
});

describe("planClean: --expired", () => {
  const expiredOnly = (text: string) => planClean(parseIniDocument(text), [], true, NOW).remove;

  it("takes the instant of expiry as expired, a second later as valid", () => {
    assert.deepEqual(expiredOnly(owned("x", at(0))), ["x"]);
    assert.deepEqual(expiredOnly(owned("x", at(-1_000))), ["x"]);
    assert.deepEqual(expiredOnly(owned("x", at(1_000))), []);
  });

  it("reads the expiry formats the AWS CLI has written", () => {
    assert.deepEqual(expiredOnly(owned("x", "2030-06-01T11:59:59UTC")), ["x"]);
    assert.deepEqual(expiredOnly(owned("x", "2030-06-01T13:00:00+01:00")), ["x"]);
    assert.deepEqual(expiredOnly(owned("x", "2030-06-01T12:00:00.001Z")), []);
  });

  it("removes an owned section whose expiry is missing or unreadable", () => {
    assert.deepEqual(expiredOnly(owned("x")), ["x"]);
    assert.deepEqual(expiredOnly(owned("x", "tomorrow")), ["x"]);
  });
});

describe("planClean: sections that appear twice", () => {
  it("removes a section whose copies are all ours", () => {
    const text = `${owned("dup", at(MINUTE))}${owned("dup", at(MINUTE))}`;
    assert.deepEqual(planClean(parseIniDocument(text), [], false, NOW).remove, ["dup"]);
  });

  it("leaves a section with a copy someone else wrote, and says so when it is named", () => {
    const doc = parseIniDocument(`${owned("dup", at(MINUTE))}${mine("dup")}`);
    assert.deepEqual(planClean(doc, [], false, NOW).remove, []);
    assert.deepEqual(planClean(doc, ["dup"], false, NOW), {
      remove: [],
      notOwned: ["dup"],
      unmatched: [],
    });
  });
});
