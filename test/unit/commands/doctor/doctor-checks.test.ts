import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type DoctorInput,
  diagnose,
  type Finding,
} from "../../../../src/commands/doctor/doctor-checks.js";
import { formatTimestamp } from "../../../../src/model/expiry.js";
import { OWNER_KEY } from "../../../../src/model/ini-document.js";
import { configFailure, failed } from "../../../../src/model/result.js";
import { assessToken, type TokenAssessment } from "../../../../src/model/sso-token.js";
import { THREE_SSO_PROFILES } from "../../../support/config-text.js";

const NOW = new Date(Date.UTC(2030, 5, 1, 12, 0, 0));
const MINUTE = 60_000;
const at = (ms: number) => formatTimestamp(new Date(NOW.getTime() + ms));
const CONFIG_FILE = "/home/me/.aws/config";
const CREDENTIALS_FILE = "/home/me/.aws/credentials";

const CONFIG = `${THREE_SSO_PROFILES}
[profile static]
region = eu-west-1
`;

/** A complete section sso-sync wrote, expiring at `expiry`. */
const owned = (name: string, expiry: string) =>
  `[${name}]\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\naws_credential_expiration = ${expiry}\n${OWNER_KEY} = ${name}\n`;

/** A token cache entry assessed at NOW. */
const token = (expiresInMs: number, isSession = true): TokenAssessment =>
  assessToken(JSON.stringify({ accessToken: "tok", expiresAt: at(expiresInMs) }), NOW, isSession);
const VALID_TOKENS = new Map([
  ["acme", token(8 * 60 * MINUTE)],
  ["https://old.awsapps.com/start", token(8 * 60 * MINUTE, false)],
]);

/** A healthy setup, changed by `change`: doctor finds nothing in it. */
function input(change: Partial<DoctorInput> = {}): DoctorInput {
  return {
    env: { HOME: "/home/me", AWS_PROFILE: "dev" },
    configFile: CONFIG_FILE,
    credentialsFile: CREDENTIALS_FILE,
    config: { ok: true, value: CONFIG },
    credentials: { text: owned("dev", at(60 * MINUTE)), mode: 0o100600 },
    locks: [],
    tokens: VALID_TOKENS,
    now: NOW,
    ...change,
  };
}

/** The single finding of `check`, after asserting that nothing else was found. */
function only(findings: readonly Finding[], check: string): Finding {
  assert.deepEqual(
    findings.map((finding) => finding.check),
    [check],
    JSON.stringify(findings, null, 2),
  );
  return findings[0] as Finding;
}

describe("diagnose: a healthy setup", () => {
  it("finds nothing (so each finding below comes from the one thing changed)", () => {
    assert.deepEqual(diagnose(input()), []);
  });

  it("finds nothing without a credentials file, locks or tokens to look at", () => {
    const { credentials: _none, ...rest } = input();
    assert.deepEqual(diagnose({ ...rest, env: {} }), []);
  });
});

describe("diagnose: keys in the environment", () => {
  it("warns that a full key pair beats every profile, and says what to unset", () => {
    const env = { AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t" };
    const finding = only(diagnose(input({ env })), "environment-keys");
    assert.equal(finding.severity, "warning");
    assert.match(finding.message, /AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN/);
    assert.match(finding.message, /beat every profile/);
    assert.equal(finding.fix, "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN");
    assert.doesNotMatch(JSON.stringify(finding), /AKIA/, "never the key itself");
  });

  it("is an error when half a pair is set: tools fail to sign", () => {
    for (const env of [{ AWS_ACCESS_KEY_ID: "AKIA" }, { AWS_SECRET_ACCESS_KEY: "s" }]) {
      const finding = only(diagnose(input({ env })), "environment-keys");
      assert.equal(finding.severity, "error");
      assert.match(finding.message, /without its pair/);
      assert.equal(finding.fix, `unset ${Object.keys(env)[0]}`);
    }
  });

  it("warns about a session token alone, and ignores empty variables", () => {
    const alone = only(diagnose(input({ env: { AWS_SESSION_TOKEN: "t" } })), "environment-keys");
    assert.equal(alone.severity, "warning");
    assert.equal(alone.fix, "unset AWS_SESSION_TOKEN");
    const empty = { AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_SESSION_TOKEN: "" };
    assert.deepEqual(diagnose(input({ env: empty })), []);
  });
});

describe("diagnose: AWS_PROFILE and AWS_DEFAULT_PROFILE", () => {
  it("is an error naming the variable and value when the profile exists nowhere", () => {
    const finding = only(diagnose(input({ env: { AWS_PROFILE: "dve" } })), "unknown-profile");
    assert.equal(finding.severity, "error");
    assert.match(finding.message, /^AWS_PROFILE=dve names a profile/);
    assert.equal(
      finding.fix,
      "export AWS_PROFILE=<one of: dev, prod, old, static> or unset AWS_PROFILE",
    );
  });

  it("checks AWS_DEFAULT_PROFILE too", () => {
    const finding = only(
      diagnose(input({ env: { AWS_DEFAULT_PROFILE: "nope" } })),
      "unknown-profile",
    );
    assert.match(finding.message, /^AWS_DEFAULT_PROFILE=nope /);
    assert.match(
      finding.fix,
      /^export AWS_DEFAULT_PROFILE=<one of: .*> or unset AWS_DEFAULT_PROFILE$/,
    );
  });

  it("knows profiles of the config (SSO or not) and sections of the credentials file", () => {
    const credentials = { text: "[handmade]\naws_access_key_id = AKIA\n", mode: 0o600 };
    for (const name of ["dev", "static", "handmade"])
      assert.deepEqual(diagnose(input({ env: { AWS_PROFILE: name }, credentials })), [], name);
  });

  it("does not take an sso-session for a profile", () => {
    only(diagnose(input({ env: { AWS_PROFILE: "acme" } })), "unknown-profile");
  });

  it("lists up to five profiles and counts the rest", () => {
    const fixFor = (count: number) => {
      const names = Array.from({ length: count }, (_, index) => `[profile p${index}]\n`);
      const config = { ok: true as const, value: names.join("") };
      const env = { AWS_PROFILE: "q" };
      return only(diagnose(input({ env, config, credentials: undefined })), "unknown-profile").fix;
    };
    assert.equal(fixFor(5), "export AWS_PROFILE=<one of: p0, p1, p2, p3, p4> or unset AWS_PROFILE");
    assert.equal(
      fixFor(6),
      "export AWS_PROFILE=<one of: p0, p1, p2, p3, p4 and 1 more (sso-sync status lists them)> or unset AWS_PROFILE",
    );
  });

  it("only says to unset it when there is no profile at all", () => {
    const config = { ok: true as const, value: "" };
    const finding = only(
      diagnose(input({ env: { AWS_PROFILE: "dev" }, config, credentials: undefined })),
      "unknown-profile",
    );
    assert.equal(finding.fix, "unset AWS_PROFILE");
  });
});

describe("diagnose: the config file", () => {
  it("reports a config it could not read, with the reason, and nothing it cannot know", () => {
    const config = failed(configFailure(`cannot read ${CONFIG_FILE}: permission denied`));
    const finding = only(diagnose(input({ config, env: { AWS_PROFILE: "x" } })), "config");
    assert.equal(finding.severity, "error");
    assert.equal(finding.message, `cannot read ${CONFIG_FILE}: permission denied`);
    assert.equal(finding.fix, "sso-sync setup (or aws configure sso)");
  });

  it("reports a duplicated section with the file and line the AWS CLI refuses", () => {
    const text = `${CONFIG}\n[profile dev]\noutput = json\n`;
    const finding = only(diagnose(input({ config: { ok: true, value: text } })), "config-syntax");
    assert.equal(finding.severity, "error");
    assert.equal(
      finding.message,
      `${CONFIG_FILE} line 24: duplicate section [profile dev]; the AWS CLI rejects the whole file`,
    );
    assert.equal(finding.fix, `edit ${CONFIG_FILE} by hand`);
  });

  it("reports a duplicated key in its section", () => {
    const text = CONFIG.replace(
      "[profile static]\nregion = eu-west-1\n",
      "[profile static]\nregion = eu-west-1\nregion = us-east-1\n",
    );
    const finding = only(diagnose(input({ config: { ok: true, value: text } })), "config-syntax");
    assert.equal(
      finding.message,
      `${CONFIG_FILE} line 23: duplicate key region in [profile static]; the AWS CLI rejects the whole file`,
    );
  });

  it("reports a broken SSO profile: what is wrong, and the section or command that fixes it", () => {
    const text = `${CONFIG}\n[profile "my team"]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n`;
    const finding = only(diagnose(input({ config: { ok: true, value: text } })), "sso-profile");
    assert.equal(finding.severity, "error");
    assert.equal(
      finding.message,
      "profile my team: sso_session = nope but there is no [sso-session nope] section",
    );
    assert.equal(
      finding.fix,
      `edit [profile my team] in ${CONFIG_FILE}, or run: aws configure sso --profile 'my team'`,
    );
  });
});

describe("diagnose: SSO sessions that need a login", () => {
  it("warns once per session, with the login command", () => {
    const tokens = new Map([...VALID_TOKENS, ["acme", token(-MINUTE)]]);
    const finding = only(diagnose(input({ tokens })), "sso-login");
    assert.equal(finding.severity, "warning");
    assert.equal(finding.message, "SSO session acme: the SSO session has expired");
    assert.equal(
      finding.fix,
      "sso-sync login --sso-session acme (or aws sso login --sso-session acme)",
    );
  });

  it("names a legacy profile's start URL and logs in through the profile", () => {
    const tokens = new Map([
      ...VALID_TOKENS,
      ["https://old.awsapps.com/start", assessToken("not json", NOW, false)],
    ]);
    const finding = only(diagnose(input({ tokens })), "sso-login");
    assert.equal(
      finding.message,
      "SSO start URL https://old.awsapps.com/start: the cached SSO token is not valid JSON",
    );
    assert.equal(finding.fix, "sso-sync login --profile old (or aws sso login --profile old)");
  });

  it("says nothing about a token that can be used or refreshed", () => {
    const refreshable = assessToken(
      JSON.stringify({
        accessToken: "tok",
        expiresAt: at(-MINUTE),
        refreshToken: "rt",
        clientId: "c",
        clientSecret: "s",
        registrationExpiresAt: at(24 * 60 * MINUTE),
      }),
      NOW,
      true,
    );
    assert.equal(refreshable.kind, "refresh");
    assert.deepEqual(
      diagnose(input({ tokens: new Map([...VALID_TOKENS, ["acme", refreshable]]) })),
      [],
    );
  });
});

describe("diagnose: the credentials file", () => {
  it("is an error when others may read it, with the mode and a chmod that pastes", () => {
    const credentialsFile = "/home/me/my aws/credentials";
    for (const mode of [0o100644, 0o100640, 0o100604]) {
      const finding = only(
        diagnose(input({ credentialsFile, credentials: { text: "", mode } })),
        "credentials-mode",
      );
      assert.equal(finding.severity, "error");
      assert.match(finding.message, new RegExp(`\\(mode ${(mode & 0o777).toString(8)}\\)`));
      assert.match(finding.message, /^\/home\/me\/my aws\/credentials is readable by others/);
      assert.equal(finding.fix, "chmod 600 '/home/me/my aws/credentials'");
    }
  });

  it("accepts 600 and 400 whatever the file-type bits", () => {
    for (const mode of [0o600, 0o100600, 0o100400])
      assert.deepEqual(diagnose(input({ credentials: { text: "", mode } })), [], mode.toString(8));
  });

  it("reports a duplicated section or key with its line, and how to fix it", () => {
    const text = `${owned("dev", at(60 * MINUTE))}[mine]\naws_access_key_id = A\naws_access_key_id = B\n[mine]\n`;
    const findings = diagnose(input({ credentials: { text, mode: 0o600 } }));
    assert.deepEqual(
      findings.map((finding) => [finding.check, finding.severity, finding.message, finding.fix]),
      [
        [
          "credentials-syntax",
          "error",
          `${CREDENTIALS_FILE} line 9: duplicate key aws_access_key_id in [mine]; the AWS CLI rejects the whole file`,
          `edit ${CREDENTIALS_FILE} by hand (merge or remove the copy)`,
        ],
        [
          "credentials-syntax",
          "error",
          `${CREDENTIALS_FILE} line 10: duplicate section [mine]; the AWS CLI rejects the whole file`,
          `edit ${CREDENTIALS_FILE} by hand (merge or remove the copy)`,
        ],
      ],
    );
  });

  it("warns about an expired section sso-sync wrote, saying when, from the instant of expiry", () => {
    const text = `${owned("dev", at(-5 * MINUTE))}\n${owned("prod", at(0))}`;
    const findings = diagnose(input({ credentials: { text, mode: 0o600 } }));
    assert.deepEqual(
      findings.map((finding) => [finding.check, finding.severity]),
      [
        ["expired-section", "warning"],
        ["expired-section", "warning"],
      ],
    );
    assert.match(findings[0]?.message ?? "", /^\[dev\] holds keys that expired 5 minutes ago: /);
    assert.match(findings[1]?.message ?? "", /^\[prod\] holds keys that expired /);
    for (const finding of findings) assert.match(finding.fix, /sso-sync clean --expired/);
  });

  it("leaves alone valid sections and expired sections someone else wrote", () => {
    const text = `${owned("dev", at(1_000))}\n[mine]\naws_access_key_id = A\naws_credential_expiration = ${at(-60 * MINUTE)}\n`;
    assert.deepEqual(diagnose(input({ credentials: { text, mode: 0o600 } })), []);
  });
});

describe("diagnose: locks", () => {
  it("warns about a lock older than 10 s, with its age and an rm that pastes", () => {
    const path = "/home/me/.aws/sso/cache/it's.lock";
    const locks = [
      { path: `${CREDENTIALS_FILE}.lock`, ageMs: 10_000 },
      { path, ageMs: 10_600 },
    ];
    const finding = only(diagnose(input({ locks })), "stale-lock");
    assert.equal(finding.severity, "warning");
    assert.match(
      finding.message,
      /^\/home\/me\/\.aws\/sso\/cache\/it's\.lock was left .*\(11s old\)/,
    );
    assert.equal(finding.fix, `rm -r '/home/me/.aws/sso/cache/it'\\''s.lock'`);
  });
});

describe("diagnose: several findings", () => {
  it("lists environment, config, credentials, then locks", () => {
    const findings = diagnose(
      input({
        env: { AWS_PROFILE: "nope", AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "s" },
        credentials: { text: owned("dev", at(-MINUTE)), mode: 0o644 },
        locks: [{ path: "/l", ageMs: 60_000 }],
        tokens: new Map([["acme", token(-MINUTE)]]),
      }),
    );
    assert.deepEqual(
      findings.map((finding) => finding.check),
      [
        "environment-keys",
        "unknown-profile",
        "sso-login",
        "credentials-mode",
        "expired-section",
        "stale-lock",
      ],
    );
  });
});
