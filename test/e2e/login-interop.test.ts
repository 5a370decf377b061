import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sessionConfig } from "../support/config-text.js";
import { DEBIAN_PYTHON, interopSkip } from "../support/consumers.js";
import { useHarness } from "../support/harness.js";
import { sectionOf, sha1 } from "../support/sandbox.js";

const run = promisify(execFile);
const harness = useHarness();
const skip = interopSkip();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const BROWSER = fileURLToPath(new URL("../support/test-browser.js", import.meta.url));

// botocore 2.9.19 predates the service-specific endpoint variables (it ignores
// AWS_ENDPOINT_URL_SSO_OIDC), so its refresh would go to oidc.eu-west-1.amazonaws.com. The token
// provider's one network client is made in SSOTokenProvider._client, by
// `self._session.create_client("sso-oidc", config=...)` on the session it is given: wrapping
// create_client on that one session, for sso-oidc only, redirects nothing else.
const REFRESH_SCRIPT = `
import json, sys
from awscli.botocore.session import Session
from awscli.botocore.tokens import SSOTokenProvider

session = Session(profile="dev")
create_client = session.create_client

def create_client_at_fake(service_name, *args, **kwargs):
    if service_name == "sso-oidc":
        kwargs["endpoint_url"] = sys.argv[1]
    return create_client(service_name, *args, **kwargs)

session.create_client = create_client_at_fake
token = SSOTokenProvider(session).load_token().get_frozen_token()
print(json.dumps({"token": token.token, "expiration": token.expiration.isoformat()}))
`;

// The registration file name `aws sso login --profile dev` would use: the CLI's own reading of
// the config (LoginCommand._get_sso_config) and botocore's own key function, as do_sso_login
// builds its SSOTokenFetcher. Nothing is sent.
const REGISTRATION_KEY_SCRIPT = `
from awscli.botocore.session import Session
from awscli.customizations.sso.login import LoginCommand
from awscli.customizations.sso.utils import SSOTokenFetcher

session = Session(profile="dev")
config = LoginCommand(session)._get_sso_config()
fetcher = SSOTokenFetcher(sso_region=config["sso_region"], client_creator=session.create_client)
print(fetcher._registration_cache_key(
    config["sso_start_url"], config.get("session_name"), config.get("registration_scopes")))
`;

/** A session `acme` that has never logged in, and a fake that approves the sign-in. */
async function neverLoggedIn(): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  harness.fake.login.device.assignments = ["111111111111/Admin"];
  harness.fake.login.device.intervalSeconds = 1;
}

const tokenFile = () => join(harness.box.cacheDir, `${sha1("acme")}.json`);

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
}

/**
 * Runs a Python script with Debian's python in the sandbox HOME and gives its stdout (rejects,
 * with its stderr, if it fails). Asynchronous: the fake answers from this process's event loop.
 */
async function python(script: string, ...args: string[]): Promise<string> {
  const env = { HOME: harness.box.home, PATH: process.env.PATH ?? "/usr/bin" };
  const { stdout } = await run(DEBIAN_PYTHON, ["-c", script, ...args], { env, timeout: 60_000 });
  return stdout.trim();
}

/** botocore's timestamp format (`%Y-%m-%dT%H:%M:%SZ`), `seconds` from now. */
function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

describe("the AWS CLI's botocore uses what sso-sync login wrote", () => {
  for (const [flow, label, seconds] of [
    ["device code", "expired a minute ago", -60],
    ["device code", "has 5 minutes left (inside botocore's 15-minute refresh window)", 300],
    ["browser (PKCE)", "expired a minute ago", -60],
  ] as const) {
    it(`refreshes a token (${flow} login) that ${label} with the refresh token and client sso-sync wrote`, {
      skip,
    }, async () => {
      await neverLoggedIn();
      const browser = flow === "device code" ? {} : { BROWSER: `${process.execPath} ${BROWSER}` };
      const login = await harness.box.run(["login", "--no-sync"], browser);
      assert.equal(login.code, 0, login.stderr);
      const { codeTokens, deviceTokens } = harness.fake.login.counters;
      assert.equal(flow === "device code" ? deviceTokens : codeTokens, 1, "the flow asked for");
      const written = await readJson(tokenFile());
      assert.equal(typeof written.refreshToken, "string", "sso-sync wrote a refresh token");
      await writeFile(tokenFile(), JSON.stringify({ ...written, expiresAt: inSeconds(seconds) }));
      assert.equal(harness.fake.counters.createTokenCalls, 0);

      const loaded = JSON.parse(await python(REFRESH_SCRIPT, harness.fake.url)) as {
        token: string;
        expiration: string;
      };

      // One refresh_token CreateToken, accepted: the fake checks the refresh token, client ID and
      // secret against what it issued to sso-sync's login, and rejects any other grant type.
      assert.equal(harness.fake.counters.createTokenCalls, 1, "botocore asked for a refresh");
      assert.equal(harness.fake.counters.createTokenRejected, 0, "the fake accepted it");
      assert.notEqual(loaded.token, written.accessToken, "botocore returned a new token");
      assert.ok(Date.parse(loaded.expiration) > Date.now() + 3_600_000, loaded.expiration);
      const rewritten = await readJson(tokenFile());
      assert.equal(rewritten.accessToken, loaded.token, "botocore rewrote the cache file");
      assert.equal(rewritten.clientId, written.clientId);
      assert.equal(rewritten.clientSecret, written.clientSecret);
      assert.equal(rewritten.registrationExpiresAt, written.registrationExpiresAt);
      assert.equal(typeof rewritten.refreshToken, "string");
      assert.notEqual(rewritten.refreshToken, written.refreshToken, "the fake rotated it");

      // The refreshed token is one the portal honours: sso-sync syncs with it, without refreshing.
      const sync = await harness.box.run([]);
      assert.equal(sync.code, 0, sync.stderr);
      assert.ok(sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id);
      assert.equal(harness.fake.counters.createTokenCalls, 1);
    });
  }

  for (const scopes of ["set", "unset"] as const)
    it(`names the registration file as the AWS CLI does (sso_registration_scopes ${scopes}), and a later login reuses it`, {
      skip,
    }, async () => {
      await neverLoggedIn();
      if (scopes === "unset")
        await harness.box.writeConfig(
          sessionConfig("acme", [DEV]).replace(
            "sso_registration_scopes = sso:account:access\n",
            "",
          ),
        );
      const first = await harness.box.run(["login", "--no-sync"]);
      assert.equal(first.code, 0, first.stderr);
      const key = await python(REGISTRATION_KEY_SCRIPT);
      assert.match(key, /^[0-9a-f]{40}$/);
      const jsonFiles = async () =>
        (await readdir(harness.box.cacheDir)).filter((name) => name.endsWith(".json")).sort();
      assert.deepEqual(await jsonFiles(), [`${sha1("acme")}.json`, `${key}.json`].sort());
      // Unset, the default scope is still asked for: it is what gets a refresh token.
      assert.deepEqual(harness.fake.login.counters.registrations[0]?.scopes, [
        "sso:account:access",
      ]);
      const registration = await readJson(join(harness.box.cacheDir, `${key}.json`));
      assert.equal(registration.clientId, (await readJson(tokenFile())).clientId);

      await rm(tokenFile());
      const again = await harness.box.run(["login", "--no-sync"]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(harness.fake.login.counters.registerClient, 1, "no second RegisterClient");
      assert.equal(harness.fake.login.counters.startDeviceAuthorization, 2);
      assert.equal((await readJson(tokenFile())).clientId, registration.clientId);
      assert.deepEqual(await jsonFiles(), [`${sha1("acme")}.json`, `${key}.json`].sort());
    });
});
