import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IDENTITY_CENTER_REGIONS } from "../../../src/model/identity-center-regions.js";
import {
  planSession,
  regionInStartUrl,
  regionProblem,
  sessionNameProblem,
  startUrlProblem,
  suggestedSessionName,
} from "../../../src/model/setup-plan.js";
import { botocoreRead } from "../../support/botocore-reader.js";

const WANTED = { name: "corp", startUrl: "https://corp.awsapps.com/start", region: "eu-west-1" };
const CORP = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start#/
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, codewhisperer:completions
`;

describe("planSession", () => {
  it("appends the session after everything else, which botocore reads back", () => {
    const before = "# mine\r\n[profile a]\r\nregion = us-east-1\r\n  s3 =\r\n";
    const plan = planSession(before, WANTED);
    assert.equal(plan.kind, "add");
    if (plan.kind !== "add") return;
    assert.ok(plan.text.startsWith(before));
    assert.equal(plan.text.slice(before.length).includes("\n"), true);
    assert.equal(plan.text.replaceAll("\r\n", "").includes("\n"), false, "CRLF kept");
    const [read, old] = botocoreRead([plan.text, before]);
    assert.ok(read?.ok && old?.ok);
    assert.deepEqual(read.ssoSessions.corp, {
      sso_start_url: WANTED.startUrl,
      sso_region: "eu-west-1",
      sso_registration_scopes: "sso:account:access",
    });
    assert.deepEqual(read.profiles.a, old.profiles.a, "an indented line still continues region");
  });

  it("keeps a session with the same values (…/start#/ is …/start; more scopes are fine)", () => {
    assert.deepEqual(planSession(CORP, WANTED), { kind: "keep" });
  });

  it("says which value differs, each one", () => {
    const other = planSession(CORP, { ...WANTED, region: "us-east-1" });
    assert.deepEqual(other, {
      kind: "conflict",
      differs: ["sso_region is eu-west-1, not us-east-1"],
    });
    const bare = planSession(
      "[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\n",
      WANTED,
    );
    assert.deepEqual(bare, {
      kind: "conflict",
      differs: [
        "sso_start_url is https://x.awsapps.com/start, not https://corp.awsapps.com/start",
        "sso_region is unset, not eu-west-1",
        "sso_registration_scopes is unset, not sso:account:access",
      ],
    });
  });

  it("finds the session as botocore names it, not by the header's spelling", () => {
    const spaced = CORP.replace("[sso-session corp]", "[sso-session   corp]");
    assert.deepEqual(planSession(spaced, { ...WANTED, region: "us-east-2" }).kind, "conflict");
  });

  it("refuses a file botocore would refuse", () => {
    const plan = planSession("[a]\nx = 1\nx = 2\n", WANTED);
    assert.equal(plan.kind, "unreadable");
  });
});

describe("setup's checks", () => {
  it("takes https addresses only", () => {
    assert.equal(startUrlProblem("https://d-1234567890.awsapps.com/start"), undefined);
    assert.equal(startUrlProblem("https://ssoins-1234.portal.us-east-1.app.aws"), undefined);
    for (const bad of [
      "",
      "corp.awsapps.com",
      "http://corp.awsapps.com/start",
      " https://a.b",
      "https://u:p@a.b/",
    ])
      assert.notEqual(startUrlProblem(bad), undefined, bad);
  });

  it("takes the regions of the list only, and one-word session names", () => {
    assert.equal(IDENTITY_CENTER_REGIONS.length, new Set(IDENTITY_CENTER_REGIONS).size);
    assert.equal(regionProblem("eu-west-1"), undefined);
    assert.match(regionProblem("eu-west-9") ?? "", /not a region where IAM Identity Center runs/);
    assert.equal(regionProblem("EU-WEST-1") === undefined, false);
    assert.equal(sessionNameProblem("my-company.prod"), undefined);
    for (const bad of ["", "a b", "a]", '"a"', "-a"])
      assert.notEqual(sessionNameProblem(bad), undefined);
  });

  it("suggests the config's session for the same address, else the host's first word", () => {
    assert.equal(
      suggestedSessionName(
        "https://corp.awsapps.com/start/",
        `[sso-session work]\n${CORP.split("\n").slice(1).join("\n")}`,
      ),
      "work",
    );
    assert.equal(
      suggestedSessionName("https://d-1234567890.awsapps.com/start", ""),
      "d-1234567890",
    );
    assert.equal(regionInStartUrl("https://ssoins-12.portal.ap-south-2.app.aws"), "ap-south-2");
    assert.equal(regionInStartUrl("https://corp.awsapps.com/start"), undefined);
  });
});
