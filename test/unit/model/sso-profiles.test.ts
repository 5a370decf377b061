import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAwsConfig } from "../../../src/model/aws-config.js";
import { shellWord } from "../../../src/model/shell-word.js";
import {
  awsLoginCommand,
  loginCommand,
  resolveSsoProfiles,
} from "../../../src/model/sso-profiles.js";
import { fixture } from "../../support/fixtures.js";

describe("resolveSsoProfiles", () => {
  const resolved = resolveSsoProfiles(parseAwsConfig(fixture("config/mixed.ini")));
  const byName = new Map(resolved.profiles.map((profile) => [profile.name, profile]));
  const problems = new Map(resolved.problems.map((problem) => [problem.profile, problem.message]));

  it("resolves sso-session profiles through their session", () => {
    assert.deepEqual(byName.get("team.dev"), {
      name: "team.dev",
      source: { kind: "session", session: "acme", startUrl: "https://acme.awsapps.com/start#/" },
      ssoRegion: "eu-west-1",
      accountId: "111111111111",
      roleName: "Developer",
      tokenKey: "acme",
      region: "eu-west-1",
    });
  });
  it("resolves legacy profiles keyed by their exact start URL", () => {
    const legacy = byName.get("legacy");
    assert.equal(legacy?.tokenKey, "https://legacy.awsapps.com/start#/");
    assert.equal(legacy?.accountId, "222222222222");
    assert.equal(legacy?.region, undefined, "no region key, no region");
    assert.equal(legacy?.ssoRegion, "us-east-1");
  });
  it("skips profiles that do not use SSO", () => {
    assert.deepEqual([...resolved.otherProfiles].sort(), ["default", "static"]);
  });
  it("resolves a chained role whose source_profile is an SSO profile", () => {
    const chained = byName.get("chained");
    assert.equal(chained?.tokenKey, "acme");
    assert.equal(chained?.roleName, "Developer");
    assert.deepEqual(chained?.chain, [
      { profile: "chained", roleArn: "arn:aws:iam::333333333333:role/Deploy" },
    ]);
  });
  it("names the missing key of a broken legacy profile", () => {
    assert.match(problems.get("broken-legacy") ?? "", /missing sso_region, sso_role_name/);
  });
  it("names a missing sso-session", () => {
    assert.match(
      problems.get("no-session") ?? "",
      /sso_session = ghost but there is no \[sso-session ghost\] section/,
    );
  });
  it("refuses a key that disagrees with its session, as botocore does", () => {
    assert.match(
      problems.get("inconsistent") ?? "",
      /sso_region = us-east-1 differs from \[sso-session acme\] \(eu-west-1\)/,
    );
  });
  it("accepts a key repeated with the same value", () => {
    const same = resolveSsoProfiles(
      parseAwsConfig(
        "[sso-session s]\nsso_start_url = u\nsso_region = r\n[profile p]\nsso_session = s\nsso_region = r\nsso_account_id = 1\nsso_role_name = R\n",
      ),
    );
    assert.equal(same.profiles.length, 1);
  });
  it("names missing session keys", () => {
    const missing = resolveSsoProfiles(
      parseAwsConfig(
        "[sso-session s]\nsso_region = r\n[profile p]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n",
      ),
    );
    assert.match(missing.problems[0]?.message ?? "", /\[sso-session s\] is missing sso_start_url/);
  });
});

describe("loginCommand", () => {
  it("gives the session command for session profiles and the profile command for legacy ones", () => {
    const resolved = resolveSsoProfiles(parseAwsConfig(fixture("config/mixed.ini")));
    const commands = new Map(
      resolved.profiles.map((profile) => [profile.name, loginCommand(profile)]),
    );
    assert.equal(commands.get("team.dev"), "sso-sync login --sso-session acme");
    assert.equal(commands.get("legacy"), "sso-sync login --profile legacy");
    const aws = new Map(
      resolved.profiles.map((profile) => [profile.name, awsLoginCommand(profile)] as const),
    );
    assert.equal(aws.get("team.dev"), "aws sso login --sso-session acme");
    assert.equal(aws.get("legacy"), "aws sso login --profile legacy");
  });
  it("quotes names a shell would split", () => {
    assert.equal(shellWord("team.dev"), "team.dev");
    assert.equal(shellWord("it's mine"), `'it'\\''s mine'`);
    assert.equal(shellWord("$(rm -rf ~)"), "'$(rm -rf ~)'");
  });
});
