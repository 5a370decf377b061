import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { AWS_CLI, DEBIAN_PYTHON, interopSkip } from "../support/consumers.js";
import type { StsCall } from "../support/fake-aws.js";
import { useHarness } from "../support/harness.js";
import { inMinutes } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const JS_CONSUMER = fileURLToPath(new URL("../support/js-consumer.js", import.meta.url));
const LIFETIME_MS = 20_000;
// Longer than the credentials live: every key used before the wait has expired after it.
const WAIT_MS = LIFETIME_MS + 1_500;

// botocore (the AWS CLI's own copy) with nothing but the environment: its chain must pick the
// container provider, and its RefreshableCredentials renew from the endpoint on the same client.
const BOTOCORE = `
import json, sys, time
from awscli.botocore.config import Config
from awscli.botocore.session import get_session
session = get_session()
client = session.create_client("sts", region_name="eu-west-1", endpoint_url=sys.argv[1],
                               config=Config(user_agent_extra="consumer/botocore"))
keys = []
for round in range(2):
    if round:
        time.sleep(float(sys.argv[2]) / 1000)
    client.get_caller_identity()
    keys.append(session.get_credentials().get_frozen_credentials().access_key)
print(json.dumps({"consumer": "botocore", "method": session.get_credentials().method, "keys": keys}))
`;

/** The child of exec --server: three consumers, each calling STS before and after the expiry. */
function consumersScript(fake: string): string {
  const cli = `AWS_EXECUTION_ENV=consumer-cli '${AWS_CLI}' sts get-caller-identity --region eu-west-1 --endpoint-url '${fake}' --output json >/dev/null`;
  return [
    `'${DEBIAN_PYTHON}' -c '${BOTOCORE}' '${fake}' ${WAIT_MS} & boto=$!`,
    `'${process.execPath}' '${JS_CONSUMER}' '${fake}' ${WAIT_MS} & js=$!`,
    `${cli} || exit 11`,
    `sleep ${WAIT_MS / 1000}`,
    `${cli} || exit 12`,
    "wait $boto || exit 13",
    "wait $js || exit 14",
  ].join("\n");
}

describe("exec --server: real consumers keep working past the credentials' expiry", () => {
  it("botocore, the AWS CLI and the JavaScript SDK sign with renewed keys after the first ones expired", {
    skip: interopSkip(),
  }, async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    await harness.box.writeToken("acme", tokenBody("tok-long", inMinutes(120)));
    harness.fake.grant("tok-long", "111111111111/Admin");
    harness.fake.behaviour.credentialLifetimeMs = LIFETIME_MS;
    const run = await harness.box.run([
      "exec",
      "--server",
      "--profile",
      "dev",
      "--",
      "sh",
      "-c",
      consumersScript(harness.fake.url),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(harness.fake.counters.stsRejected, 0, "no call was refused (expired or forged)");
    const reports = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { consumer: string; method?: string; keys: string[] });
    assert.equal(reports.find((each) => each.consumer === "botocore")?.method, "container-role");
    const calls = (agent: string) =>
      harness.fake.stsAccepted.filter((call) => call.userAgent.includes(agent));
    for (const agent of ["consumer/botocore", "exec-env/consumer-cli", "consumer/js"]) {
      const made = calls(agent);
      assert.equal(made.length, 2, `${agent}: ${JSON.stringify(harness.fake.stsAccepted)}`);
      const [before, after] = made as [StsCall, StsCall];
      const first = harness.fake.issued.get(before.accessKeyId);
      const second = harness.fake.issued.get(after.accessKeyId);
      assert.ok(first !== undefined && second !== undefined, `${agent}: keys the portal issued`);
      assert.equal(first.accountId, "111111111111");
      assert.notEqual(after.accessKeyId, before.accessKeyId, `${agent}: renewed keys`);
      assert.ok(after.at > first.expiration, `${agent}: the second call came after the expiry`);
    }
    // The SDKs' own view agrees with what the fake saw.
    for (const report of reports) {
      const agent = report.consumer === "js" ? "consumer/js" : "consumer/botocore";
      assert.deepEqual(
        report.keys,
        calls(agent).map((call) => call.accessKeyId),
      );
    }
  });
});
