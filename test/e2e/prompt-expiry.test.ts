import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { botocoreRead } from "../support/botocore-reader.js";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { interopSkip } from "../support/consumers.js";
import { useHarness } from "../support/harness.js";
import { inMinutes } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let tokens = 0;

/** A new token each time: a logout revokes its token in the fake for the rest of the file. */
async function loggedIn(): Promise<void> {
  const token = `tok-prompt-${++tokens}`;
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", tokenBody(token, inMinutes(120)));
  harness.fake.grant(token, "111111111111/Admin");
}

/** The credentials file's sections as botocore reads them. */
async function sections(): Promise<Record<string, Record<string, string>>> {
  const [reading] = botocoreRead([await harness.box.readCredentials()]);
  assert.ok(reading?.ok, "botocore reads the file");
  return reading.sections;
}

/**
 * starship's aws module (src/modules/aws.rs): the profile's credentials section, `expiration`
 * else `x_security_token_expires`, parsed as RFC 3339; undefined when neither is there.
 */
function starshipExpiry(section: Record<string, string> | undefined): Date | undefined {
  const text = section?.expiration ?? section?.x_security_token_expires;
  if (text === undefined) return undefined;
  assert.match(text, RFC3339, "RFC 3339");
  return new Date(text);
}

describe("the expiry prompts read", () => {
  it("starship's rule reads the synced section's expiry, the credentials' own; status and the fresh check still work", {
    skip: interopSkip(),
  }, async () => {
    await loggedIn();
    assert.equal((await harness.box.run([])).code, 0);
    const dev = (await sections()).dev;
    const issued = harness.fake.issued.get(dev?.aws_access_key_id ?? "");
    assert.ok(issued !== undefined);
    // The file keeps whole seconds (`2026-12-04T10:00:00Z`, UTC).
    assert.match(dev?.x_security_token_expires ?? "", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(
      starshipExpiry(dev)?.getTime(),
      Math.floor(issued.expiration / 1000) * 1000,
      "starship's countdown ends when the credentials do",
    );
    assert.equal(dev?.x_security_token_expires, dev?.aws_credential_expiration);
    const again = await harness.box.run([]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(harness.fake.counters.portalRequests, 1, "the fresh section was left alone");
    const status = await harness.box.run(["status", "--json"]);
    const rows = (JSON.parse(status.stdout) as { profiles: Array<{ state: string }> }).profiles;
    assert.equal(rows[0]?.state, "fresh");
  });

  it("clean and logout remove it; clean keeps the user's keys", async () => {
    await loggedIn();
    assert.equal((await harness.box.run([])).code, 0);
    const synced = await harness.box.readCredentials();
    await harness.box.writeCredentials(synced.replace("[dev]\n", "[dev]\nregion = eu-west-2\n"));
    assert.equal((await harness.box.run(["clean"])).code, 0);
    assert.equal(
      await harness.box.readCredentials(),
      "[dev]\nregion = eu-west-2\nsso_sync_profile = dev\n",
    );
    assert.equal((await harness.box.run([])).code, 0);
    assert.match(await harness.box.readCredentials(), /x_security_token_expires/);
    assert.equal((await harness.box.run(["logout"])).code, 0);
    assert.doesNotMatch(await harness.box.readCredentials(), /x_security_token_expires|aws_/);
  });

  it("--take-over of a saml2aws section leaves one x_security_token_expires, the new one", {
    skip: interopSkip(),
  }, async () => {
    await loggedIn();
    await harness.box.writeCredentials(
      "[dev]\naws_access_key_id = ASIASAML\naws_secret_access_key = s\naws_session_token = t\nx_security_token_expires = 2020-01-01T00:00:00Z\nx_principal_arn = arn:aws:sts::1:assumed-role/R/u\n",
    );
    const run = await harness.box.run(["--take-over"]);
    assert.equal(run.code, 0, run.stderr);
    const text = await harness.box.readCredentials();
    assert.equal(text.match(/x_security_token_expires/g)?.length, 1, text);
    const dev = (await sections()).dev;
    assert.equal(dev?.x_security_token_expires, dev?.aws_credential_expiration);
    assert.ok((starshipExpiry(dev)?.getTime() ?? 0) > Date.now());
  });
});
