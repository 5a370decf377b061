import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  globMatches,
  type Selection,
  selectProfiles,
} from "../../../src/model/profile-selection.js";
import type { SsoProfile, SsoProfiles } from "../../../src/model/profile-types.js";

function profile(name: string): SsoProfile {
  return {
    name,
    source: { kind: "session", session: "s", startUrl: "u" },
    ssoRegion: "r",
    accountId: "1",
    roleName: "R",
    tokenKey: "s",
  };
}

const config: SsoProfiles = {
  profiles: ["team-a", "team-b", "solo", "a.b"].map(profile),
  problems: [{ profile: "broken", message: "missing sso_region" }],
  otherProfiles: ["static"],
};

const pairs = (selection: Selection) => {
  assert.ok(selection.ok, selection.ok ? "" : selection.failure.message);
  return selection.value.map((target) => `${target.profileName}>${target.section}`);
};

describe("selectProfiles", () => {
  it("selects every SSO profile, broken ones included, by default", () => {
    assert.deepEqual(pairs(selectProfiles(config, [])), [
      "a.b>a.b",
      "broken>broken",
      "solo>solo",
      "team-a>team-a",
      "team-b>team-b",
    ]);
  });
  it("expands globs and writes SRC into DEST", () => {
    assert.deepEqual(pairs(selectProfiles(config, ["team-*", "solo:solo-sso"])), [
      "team-a>team-a",
      "team-b>team-b",
      "solo>solo-sso",
    ]);
  });
  it("allows one profile into two sections", () => {
    assert.deepEqual(pairs(selectProfiles(config, ["solo", "solo:copy"])), [
      "solo>solo",
      "solo>copy",
    ]);
  });
  it("treats dots literally", () => {
    assert.deepEqual(pairs(selectProfiles(config, ["a.b"])), ["a.b>a.b"]);
    assert.equal(globMatches("a.b", "axb"), false);
  });
  it("refuses what cannot be meant", () => {
    const errors = (specs: string[]) => {
      const selection = selectProfiles(config, specs);
      assert.equal(selection.ok, false);
      return selection.ok ? [] : [selection.failure.message];
    };
    assert.match(
      errors(["nope"])[0] ?? "",
      /^no SSO profile matches 'nope' \(there are a\.b, broken, solo, team-a and team-b\)$/,
    );
    const many: SsoProfiles = {
      profiles: Array.from({ length: 12 }, (_, index) =>
        profile(`p${String(index).padStart(2, "0")}`),
      ),
      problems: [],
      otherProfiles: [],
    };
    const listed = selectProfiles(many, ["nope"]);
    assert.deepEqual(listed.ok ? [] : [listed.failure.message], [
      "no SSO profile matches 'nope' (there are p00, p01, p02, p03, p04 and 7 more)",
    ]);
    assert.match(errors(["static"])[0] ?? "", /static does not use SSO/);
    assert.match(errors(["team-*:x"])[0] ?? "", /matches 2 profiles/);
    assert.match(errors(["solo:DEFAULT"])[0] ?? "", /\[DEFAULT\] cannot be a credentials section/);
    assert.match(errors(["solo:"])[0] ?? "", /empty/);
    assert.match(
      errors(["team-a:x", "team-b:x"])[0] ?? "",
      /team-a and team-b would both write section \[x\]/,
    );
  });
});

describe("selectProfiles and section names botocore reads back", () => {
  it("syncs into a section with spaces or brackets, exactly as named", () => {
    assert.deepEqual(pairs(selectProfiles(config, ["solo: sp ", "team-a:x]y"])), [
      "solo> sp ",
      "team-a>x]y",
    ]);
  });
  it("fails alone a profile whose section cannot be written (its name is DEFAULT)", () => {
    const withDefault: SsoProfiles = { ...config, profiles: [profile("DEFAULT"), profile("solo")] };
    const selection = selectProfiles(withDefault, []);
    assert.ok(selection.ok);
    const failed = selection.value.find((target) => target.profileName === "DEFAULT");
    assert.ok(failed !== undefined && !("tokenKey" in failed.profile));
    assert.match(
      "message" in failed.profile ? failed.profile.message : "",
      /\[DEFAULT\] cannot be written .*--profile 'DEFAULT:NAME'/,
    );
    const fine = selection.value.find((target) => target.profileName === "solo");
    assert.ok(fine !== undefined && "tokenKey" in fine.profile);
  });
});

describe("globMatches", () => {
  it("matches * and ? and nothing else specially", () => {
    assert.ok(globMatches("team-*", "team-"));
    assert.ok(globMatches("t?am", "team"));
    assert.ok(!globMatches("team", "team-a"));
    assert.ok(globMatches("a+(b)", "a+(b)"));
  });
});
