import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAwsConfig } from "../../../src/model/aws-config.js";
import { MAX_HOPS } from "../../../src/model/role-chain.js";
import { resolveSsoProfiles } from "../../../src/model/sso-profiles.js";

const SSO =
  "[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = eu-west-1\n\n[profile root]\nsso_session = s\nsso_account_id = 111111111111\nsso_role_name = R\n";

describe("chained role resolution", () => {
  it("follows source_profile through roles to the SSO root, hops root first", () => {
    const config = `${SSO}\n[profile a]\nrole_arn = arn:aws:iam::2:role/A\nsource_profile = root\n\n[profile b]\nrole_arn = arn:aws:iam::3:role/B\nsource_profile = a\nduration_seconds = 900\nregion = us-east-2\n`;
    const b = resolveSsoProfiles(parseAwsConfig(config)).profiles.find(
      (profile) => profile.name === "b",
    );
    assert.deepEqual(
      b?.chain?.map((hop) => hop.roleArn),
      ["arn:aws:iam::2:role/A", "arn:aws:iam::3:role/B"],
    );
    assert.equal(b?.chain?.[1]?.durationSeconds, 900);
    assert.equal(b?.tokenKey, "s");
    assert.equal(b?.accountId, "111111111111");
    assert.equal(b?.region, "us-east-2");
  });

  it("leaves chains that do not start at SSO to the SDKs", () => {
    const config = `${SSO}\n[profile keys]\naws_access_key_id = AKIA\naws_secret_access_key = s\n\n[profile k]\nrole_arn = arn:aws:iam::2:role/A\nsource_profile = keys\n\n[profile ec2]\nrole_arn = arn:aws:iam::2:role/A\ncredential_source = Ec2InstanceMetadata\n`;
    const resolved = resolveSsoProfiles(parseAwsConfig(config));
    assert.deepEqual(
      resolved.profiles.map((profile) => profile.name),
      ["root"],
    );
    assert.deepEqual(resolved.problems, []);
    assert.ok(resolved.otherProfiles.includes("k") && resolved.otherProfiles.includes("ec2"));
  });

  it("names the profiles of a cycle and of a chain deeper than the limit", () => {
    const cycle = `${SSO}\n[profile x]\nrole_arn = arn:aws:iam::2:role/X\nsource_profile = y\n\n[profile y]\nrole_arn = arn:aws:iam::2:role/Y\nsource_profile = x\n`;
    const problems = resolveSsoProfiles(parseAwsConfig(cycle)).problems;
    assert.deepEqual(problems, [
      { profile: "x", message: "source_profile cycle: x -> y -> x" },
      { profile: "y", message: "source_profile cycle: y -> x -> y" },
    ]);
    const deep = Array.from(
      { length: MAX_HOPS + 1 },
      (_, index) =>
        `\n[profile d${index}]\nrole_arn = arn:aws:iam::2:role/D${index}\nsource_profile = ${index === 0 ? "root" : `d${index - 1}`}\n`,
    ).join("");
    const resolved = resolveSsoProfiles(parseAwsConfig(`${SSO}${deep}`));
    assert.equal(
      resolved.profiles.find((profile) => profile.name === `d${MAX_HOPS - 1}`)?.chain?.length,
      MAX_HOPS,
    );
    assert.match(
      resolved.problems.find((problem) => problem.profile === `d${MAX_HOPS}`)?.message ?? "",
      /role chain deeper than 10 hops: d10 -> d9/,
    );
  });
});
