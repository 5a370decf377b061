import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  anyLoginNeeded,
  type StatusRow,
  statusRows,
} from "../../../../src/commands/status/status-plan.js";
import { parseAwsConfig } from "../../../../src/model/aws-config.js";
import { formatTimestamp } from "../../../../src/model/expiry.js";
import { OWNER_KEY, parseIniDocument } from "../../../../src/model/ini-document.js";
import { type SyncTarget, selectProfiles } from "../../../../src/model/profile-selection.js";
import { resolveSsoProfiles } from "../../../../src/model/sso-profiles.js";
import { assessToken, type TokenAssessment } from "../../../../src/model/sso-token.js";
import { THREE_SSO_PROFILES } from "../../../support/config-text.js";

const NOW = new Date(Date.UTC(2030, 5, 1, 12, 0, 0));
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const MIN_VALIDITY = 15 * MINUTE;
const at = (ms: number) => new Date(NOW.getTime() + ms);

const CONFIG = `${THREE_SSO_PROFILES}
[profile deploy]
role_arn = arn:aws:iam::444444444444:role/Deploy
source_profile = old

[profile broken]
sso_session = nope
sso_account_id = 555555555555
sso_role_name = Admin
`;

/** The targets `status --profile ...specs` would show, from the config above. */
function targets(...specs: string[]): readonly SyncTarget[] {
  const selection = selectProfiles(resolveSsoProfiles(parseAwsConfig(CONFIG)), specs);
  assert.ok(selection.ok, selection.ok ? "" : selection.failure.message);
  return selection.value;
}

/** A complete section as sso-sync writes it for `profile`, expiring at `expiry`. */
function owned(section: string, expiry: Date | string, profile = section): string {
  const stamp = typeof expiry === "string" ? expiry : formatTimestamp(expiry);
  return `[${section}]
aws_access_key_id = ASIAEXAMPLE
aws_secret_access_key = secret
aws_session_token = token
aws_credential_expiration = ${stamp}
${OWNER_KEY} = ${profile}
`;
}

/** A token cache entry as the AWS CLI writes it, assessed at NOW. */
function cached(fields: Record<string, unknown>, isSession = true): TokenAssessment {
  return assessToken(JSON.stringify(fields), NOW, isSession);
}
const refreshGrant = {
  refreshToken: "rt",
  clientId: "cid",
  clientSecret: "cs",
  registrationExpiresAt: formatTimestamp(at(90 * 24 * 60 * MINUTE)),
};
const validFor = (ms: number, grant = {}) => ({
  accessToken: "tok",
  expiresAt: formatTimestamp(at(ms)),
  ...grant,
});
const validToken = cached(validFor(8 * 60 * MINUTE, refreshGrant));

/** The rows for these targets, with acme's token valid unless `tokens` says otherwise. */
function rows(
  selected: readonly SyncTarget[],
  credentials: string,
  tokens: ReadonlyMap<string, TokenAssessment> = new Map([["acme", validToken]]),
  minValidityMs = MIN_VALIDITY,
): StatusRow[] {
  return statusRows(selected, tokens, parseIniDocument(credentials), NOW, minValidityMs);
}
const onlyRow = (...args: Parameters<typeof rows>): StatusRow => {
  const [row, ...others] = rows(...args);
  assert.ok(row !== undefined && others.length === 0, "exactly one row");
  return row;
};

describe("statusRows: the section's state", () => {
  it("is fresh, with its expiry, when valid for at least --min-validity", () => {
    const expiry = at(60 * MINUTE);
    const row = onlyRow(targets("dev"), owned("dev", expiry));
    assert.equal(row.state, "fresh");
    assert.deepEqual(row.credentialExpiry, expiry);
    assert.equal(row.note, undefined);
  });

  it("is expired at the instant of expiry, expiring until --min-validity is left, then fresh", () => {
    const cases: ReadonlyArray<readonly [number, string]> = [
      [-SECOND, "expired"],
      [0, "expired"],
      [SECOND, "expiring"],
      [MIN_VALIDITY - SECOND, "expiring"],
      [MIN_VALIDITY, "fresh"],
      [MIN_VALIDITY + SECOND, "fresh"],
    ];
    for (const [left, state] of cases) {
      const row = onlyRow(targets("dev"), owned("dev", at(left)));
      assert.equal(row.state, state, `${left / SECOND}s left`);
      assert.deepEqual(row.credentialExpiry, at(left));
    }
  });

  it("calls nothing expiring with --min-validity 0, and still finds a past expiry expired", () => {
    assert.equal(onlyRow(targets("dev"), owned("dev", at(SECOND)), undefined, 0).state, "fresh");
    assert.equal(onlyRow(targets("dev"), owned("dev", at(0)), undefined, 0).state, "expired");
  });

  it("reads the expiry formats the AWS CLI has written", () => {
    const row = onlyRow(targets("dev"), owned("dev", "2030-06-01T12:30:00UTC"));
    assert.equal(row.state, "fresh");
    assert.deepEqual(row.credentialExpiry, at(30 * MINUTE));
  });

  it("is never-synced when the section is absent", () => {
    const row = onlyRow(targets("dev"), owned("prod", at(60 * MINUTE)));
    assert.equal(row.state, "never-synced");
    assert.equal("credentialExpiry" in row, false);
  });

  it("is never-synced when our section is incomplete, undated or another profile's", () => {
    const complete = owned("dev", at(60 * MINUTE));
    const variants = {
      "no session token": complete.replace("aws_session_token = token\n", ""),
      "an empty secret": complete.replace("= secret", "="),
      "no expiry": complete.replace(/aws_credential_expiration.*\n/, ""),
      "an unreadable expiry": complete.replace(/(aws_credential_expiration = ).*/, "$1soon"),
      "written for prod": owned("dev", at(60 * MINUTE), "prod"),
    };
    for (const [what, text] of Object.entries(variants)) {
      const row = onlyRow(targets("dev"), text);
      assert.equal(row.state, "never-synced", what);
      assert.equal(row.credentialExpiry, undefined, what);
    }
  });

  it("is blocked when someone else wrote the section, saying so", () => {
    const row = onlyRow(targets("dev"), "[dev]\naws_access_key_id = AKIAMINE\n");
    assert.equal(row.state, "blocked");
    assert.equal(row.note, "[dev] was not written by sso-sync");
    assert.equal(row.credentialExpiry, undefined);
  });

  it("is blocked when the section appears twice and one copy is not ours", () => {
    const text = `${owned("dev", at(60 * MINUTE))}\n[dev]\naws_access_key_id = AKIAMINE\n`;
    const row = onlyRow(targets("dev"), text);
    assert.equal(row.state, "blocked");
    assert.equal(row.note, "[dev] appears more than once");
  });

  it("reads the destination section of SRC:DEST", () => {
    const text = `${owned("dev", at(-MINUTE))}\n${owned("default", at(60 * MINUTE), "dev")}`;
    const row = onlyRow(targets("dev:default"), text);
    assert.equal(row.profile, "dev");
    assert.equal(row.section, "default");
    assert.equal(row.state, "fresh");
  });
});

describe("statusRows: the token columns", () => {
  it("shows a usable sso-session token with its expiry and whether it can be refreshed", () => {
    const row = onlyRow(targets("dev"), "");
    assert.equal(row.session, "acme");
    assert.equal(row.legacy, false);
    assert.equal(row.token, "valid");
    assert.deepEqual(row.tokenExpiry, at(8 * 60 * MINUTE));
    assert.equal(row.canRefresh, true);
    assert.equal(row.reason, undefined);
    assert.equal(row.loginCommand, undefined);
    const noGrant = new Map([["acme", cached(validFor(8 * 60 * MINUTE))]]);
    assert.equal(onlyRow(targets("dev"), "", noGrant).canRefresh, false);
  });

  it("shows a legacy profile's start URL as its session; its token never refreshes", () => {
    const tokens = new Map([
      ["https://old.awsapps.com/start", cached(validFor(60 * MINUTE, refreshGrant), false)],
    ]);
    const row = onlyRow(targets("old"), "", tokens);
    assert.equal(row.legacy, true);
    assert.equal(row.session, "https://old.awsapps.com/start");
    assert.equal(row.token, "valid");
    assert.equal(row.canRefresh, false);
  });

  it("shows a token in its last 15 minutes with a refresh grant as refreshable, with its expiry", () => {
    const tokens = new Map([["acme", cached(validFor(10 * MINUTE, refreshGrant))]]);
    const row = onlyRow(targets("dev"), "", tokens);
    assert.equal(row.token, "refreshable");
    assert.equal(row.canRefresh, true);
    assert.deepEqual(row.tokenExpiry, at(10 * MINUTE));
    assert.equal(row.loginCommand, undefined);
  });

  it("shows an expired token with a live registration as refreshable, without an expiry", () => {
    const tokens = new Map([["acme", cached(validFor(-MINUTE, refreshGrant))]]);
    const row = onlyRow(targets("dev"), "", tokens);
    assert.equal(row.token, "refreshable");
    assert.equal("tokenExpiry" in row, false);
  });

  it("says why a login is needed and the exact command, for sessions and legacy profiles", () => {
    const expiredRegistration = {
      ...refreshGrant,
      registrationExpiresAt: formatTimestamp(at(-MINUTE)),
    };
    const tokens = new Map([
      ["acme", cached(validFor(-MINUTE, expiredRegistration))],
      ["https://old.awsapps.com/start", cached(validFor(-MINUTE), false)],
    ]);
    const [dev, old] = rows(targets("dev", "old"), "", tokens);
    assert.equal(dev?.token, "login-needed");
    assert.equal(dev?.canRefresh, false);
    assert.match(dev?.reason ?? "", /client registration/);
    assert.equal(dev?.loginCommand, "sso-sync login --sso-session acme");
    assert.equal(old?.token, "login-needed");
    assert.equal(old?.reason, "the SSO session has expired");
    assert.equal(old?.loginCommand, "sso-sync login --profile old");
  });

  it("needs a login when the cache has no token for the session", () => {
    const row = onlyRow(targets("prod"), "", new Map());
    assert.equal(row.token, "login-needed");
    assert.equal(row.reason, "no cached SSO token");
    assert.equal(row.loginCommand, "sso-sync login --sso-session acme");
  });

  it("logs a chained role in through its SSO root", () => {
    const row = onlyRow(targets("deploy"), "", new Map());
    assert.equal(row.session, "https://old.awsapps.com/start");
    assert.equal(row.loginCommand, "sso-sync login --profile old");
  });

  it("reports the token and the section independently", () => {
    const row = onlyRow(targets("dev"), owned("dev", at(60 * MINUTE)), new Map());
    assert.equal(row.token, "login-needed");
    assert.equal(row.state, "fresh");
  });

  it("gives profiles of one session the same token", () => {
    const tokens = new Map([["acme", cached(validFor(-MINUTE))]]);
    const all = rows(targets("dev", "prod"), "", tokens);
    assert.deepEqual(
      all.map((row) => [row.profile, row.token]),
      [
        ["dev", "login-needed"],
        ["prod", "login-needed"],
      ],
    );
  });
});

describe("statusRows: a misconfigured profile", () => {
  it("is reported with the reason, no token or section columns, even beside a valid section", () => {
    const row = onlyRow(targets("broken"), owned("broken", at(60 * MINUTE)));
    assert.deepEqual(row, {
      profile: "broken",
      section: "broken",
      legacy: false,
      token: "unknown",
      canRefresh: false,
      state: "misconfigured",
      reason: "sso_session = nope but there is no [sso-session nope] section",
    });
  });
});

describe("statusRows: the rows", () => {
  it("has one row per target, in the selection's order", () => {
    const selected = targets();
    assert.deepEqual(
      rows(selected, "").map((row) => row.profile),
      selected.map((target) => target.profileName),
    );
    assert.deepEqual(
      rows(selected, "").map((row) => row.profile),
      ["broken", "deploy", "dev", "old", "prod"],
    );
  });
});

describe("anyLoginNeeded", () => {
  const tokens = new Map<string, TokenAssessment>([
    ["acme", validToken],
    ["https://old.awsapps.com/start", cached(validFor(-MINUTE), false)],
  ]);

  it("is true when one row's session needs a login", () => {
    assert.equal(anyLoginNeeded(rows(targets("dev", "old"), "", tokens)), true);
  });

  it("is false when every session is usable or refreshable, or the profile is misconfigured", () => {
    const refreshable = new Map([["acme", cached(validFor(-MINUTE, refreshGrant))]]);
    assert.equal(anyLoginNeeded(rows(targets("dev", "prod"), "", tokens)), false);
    assert.equal(anyLoginNeeded(rows(targets("dev"), "", refreshable)), false);
    assert.equal(anyLoginNeeded(rows(targets("broken"), "", new Map())), false);
    assert.equal(anyLoginNeeded([]), false);
  });
});
