import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAwsConfig } from "../../src/model/aws-config.js";
import { dominantEol, joinLines, scanLines, splitLines } from "../../src/model/ini-lines.js";
import { parseIni } from "../../src/model/ini-sections.js";
import { fixture } from "../support/fixtures.js";

describe("splitLines / joinLines", () => {
  const samples = [
    "",
    "a",
    "a\n",
    "a\r\nb\n",
    "\n\n",
    "x\r\n\r\ny",
    "mixed\nline\r\nendings",
    "\r",
    "tail\r",
  ];
  for (const text of samples) {
    it(`round-trips ${JSON.stringify(text)}`, () => {
      assert.equal(joinLines(splitLines(text)), text);
    });
  }
  it("keeps each line's own ending", () => {
    assert.deepEqual(splitLines("a\r\nb\nc"), [
      { text: "a", eol: "\r\n" },
      { text: "b", eol: "\n" },
      { text: "c", eol: "" },
    ]);
  });
  it("picks the dominant line ending", () => {
    assert.equal(dominantEol(splitLines("a\r\nb\r\nc\n")), "\r\n");
    assert.equal(dominantEol(splitLines("a\nb\r\n")), "\n");
    assert.equal(dominantEol(splitLines("")), "\n");
  });
});

describe("scanLines", () => {
  it("classifies comments, sections, entries and continuations like configparser", () => {
    const kinds = scanLines(
      splitLines("# c\n; c\n[s]\nk = v\n  sub = 1\n\n  ; indented comment\nx=y\n[ spaced ]\n"),
    ).map((info) => info.kind);
    assert.deepEqual(kinds, [
      "comment",
      "comment",
      "section",
      "entry",
      "continuation",
      "blank",
      "comment",
      "entry",
      "section",
    ]);
  });
  it("treats equally indented keys as keys, not continuations", () => {
    const infos = scanLines(splitLines("[s]\n  a = 1\n  b = 2\n"));
    assert.deepEqual(
      infos.map((info) => info.kind),
      ["section", "entry", "entry"],
    );
  });
  it("splits at the first = or : and lower-cases keys", () => {
    const [, entry] = scanLines(
      splitLines("[s]\nSSO_Start_URL = https://x.awsapps.com/start#/a=b\n"),
    );
    assert.deepEqual(entry, {
      kind: "entry",
      key: "sso_start_url",
      value: "https://x.awsapps.com/start#/a=b",
    });
  });
  it("marks a line that is neither as invalid", () => {
    assert.equal(scanLines(splitLines("[s]\njust words\n"))[1]?.kind, "invalid");
  });
});

describe("parseIni", () => {
  it("reports duplicate sections and keys with line numbers (botocore refuses them)", () => {
    const parsed = parseIni("[a]\nk = 1\nk = 2\n[a]\n");
    assert.deepEqual(parsed.problems, [
      { line: 3, message: "duplicate key k in [a]" },
      { line: 4, message: "duplicate section [a]" },
    ]);
  });
  it("reports a key before any section", () => {
    assert.equal(parseIni("k = v\n[a]\n").problems[0]?.line, 1);
  });
  it("joins sub-section lines into the parent value", () => {
    const section = parseIni("[p]\ns3 =\n  max_concurrent_requests = 10\nregion = x\n").sections[0];
    assert.equal(section?.values.get("s3"), "\nmax_concurrent_requests = 10");
    assert.equal(section?.values.get("region"), "x");
    assert.equal(section?.values.has("max_concurrent_requests"), false);
  });
  it("reads binary garbage as problems, never throwing", () => {
    const garbage = Buffer.from(
      Array.from({ length: 512 }, (_, index) => (index * 37) % 256),
    ).toString("utf8");
    assert.ok(parseIni(garbage).problems.length > 0);
  });
});

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
  it("lets [profile default] win over [default]", () => {
    const both = parseAwsConfig("[profile default]\nregion = a\n[default]\nregion = b\n");
    assert.equal(both.profiles.get("default")?.values.get("region"), "a");
  });
  it("accepts quoted profile names and ignores malformed headers", () => {
    const quoted = parseAwsConfig(
      '[profile "my dev"]\nregion = a\n[profile two words]\nregion = b\n[plain]\nregion = c\n',
    );
    assert.deepEqual([...quoted.profiles.keys()], ["my dev"]);
  });
});
