import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAwsConfig } from "../../../src/model/aws-config.js";
import { fixture } from "../../support/fixtures.js";

describe("parseAwsConfig", () => {
  const config = parseAwsConfig(fixture("config/mixed.ini"));
  it("names profiles the way the AWS CLI does", () => {
    assert.deepEqual(
      [...config.profiles.keys()],
      [
        "default",
        "team.dev",
        "legacy",
        "static",
        "chained",
        "broken-legacy",
        "no-session",
        "inconsistent",
      ],
    );
    assert.deepEqual([...config.ssoSessions.keys()], ["acme"]);
    assert.deepEqual(config.problems, []);
  });
  it("keeps a start URL with #/ whole", () => {
    assert.equal(
      config.ssoSessions.get("acme")?.values.get("sso_start_url"),
      "https://acme.awsapps.com/start#/",
    );
    assert.equal(
      config.profiles.get("legacy")?.values.get("sso_start_url"),
      "https://legacy.awsapps.com/start#/",
    );
  });
  it("does not let a sub-section key shadow the profile's own", () => {
    assert.equal(config.profiles.get("team.dev")?.values.get("sso_role_name"), "Developer");
  });
  it("reads CRLF files", () => {
    const crlf = parseAwsConfig(fixture("config/crlf.ini"));
    assert.equal(crlf.profiles.get("crlf")?.values.get("sso_role_name"), "Viewer");
    assert.equal(
      crlf.profiles.get("crlf")?.values.get("sso_start_url"),
      "https://crlf.awsapps.com/start#/",
    );
  });
  it("lets the later of [profile default] and [default] win, as AWS CLI v2 does", () => {
    const first = parseAwsConfig("[profile default]\nregion = a\n[default]\nregion = b\n");
    assert.equal(first.profiles.get("default")?.values.get("region"), "b");
    const second = parseAwsConfig("[default]\nregion = b\n[profile default]\nregion = a\n");
    assert.equal(second.profiles.get("default")?.values.get("region"), "a");
  });
  it("accepts quoted profile names and ignores malformed headers", () => {
    const quoted = parseAwsConfig(
      '[profile "my dev"]\nregion = a\n[profile two words]\nregion = b\n[plain]\nregion = c\n',
    );
    assert.deepEqual([...quoted.profiles.keys()], ["my dev"]);
  });
  it("names profiles as botocore's shlex split does: quotes, spaces, a second word only", () => {
    const config = parseAwsConfig(
      '[profile " sp "]\nk = 1\n[profilex y]\nk = 2\n[profile "unclosed]\nk = 3\n[sso-session \'s\']\nk = 4\n[ default ]\nk = 5\n',
    );
    assert.deepEqual([...config.profiles.keys()], [" sp ", "y"]);
    assert.deepEqual([...config.ssoSessions.keys()], ["s"]);
  });
  it("reads [DEFAULT]'s keys into every profile, as configparser does", () => {
    const config = parseAwsConfig("[DEFAULT]\nregion = r\n[profile a]\nk = v\n");
    assert.deepEqual(Object.fromEntries(config.profiles.get("a")?.values ?? []), {
      k: "v",
      region: "r",
    });
  });
});
