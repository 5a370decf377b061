import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { request } from "node:https";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { promisify } from "node:util";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { AWS_CLI, callerIdentityArgs, interopSkip } from "../support/consumers.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { authorizeUrlIn, stderrUntil } from "../support/login-helpers.js";
import { collect, inMinutes, makeSandbox, type Sandbox, sectionOf } from "../support/sandbox.js";
import { freePort, haveSquid, type Squid, startSquid } from "../support/squid.js";
import { noScript, runOnTerminal } from "../support/terminal.js";
import { makeTestCa, type TestCa } from "../support/test-ca.js";

// Names only squid resolves (its hosts_file): a run that does not go through it cannot connect.
const HOST = "aws.corp.test";
const HOLE = "hole.corp.test";
const PASSWORD = "p@ss w:rd";
const PROXY_USER = `alice:${encodeURIComponent(PASSWORD)}`;
const skip = (await haveSquid()) ? false : "needs Debian's squid (.ci/run installs it)";

let ca: TestCa;
let fake: FakeAws;
let squid: Squid;
let authSquid: Squid;
let hole: Server;
let holePort: number;
let deadPort: number;
let box: Sandbox;
const held: Socket[] = [];

before(async () => {
  if (skip) return;
  ca = await makeTestCa([HOST, HOLE]);
  fake = await startFakeAws({}, { key: ca.serverKey, cert: ca.serverCert, host: HOST });
  squid = await startSquid({ hosts: [HOST, HOLE] });
  authSquid = await startSquid({ hosts: [HOST], basicAuth: { user: "alice", password: PASSWORD } });
  // Accepts connections and never says a word (a black-holed endpoint).
  hole = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => hole.listen(0, "127.0.0.1", resolve));
  holePort = (hole.address() as { port: number }).port;
  deadPort = await freePort();
});
after(async () => {
  if (skip) return;
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => hole.close(resolve));
  await fake.close();
  await squid.stop();
  await authSquid.stop();
  await ca.cleanup();
});
beforeEach(async () => {
  if (skip) return;
  fake.reset();
  box = await makeSandbox(fake.url);
});

const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const CHAIN =
  "\n[profile deploy]\nrole_arn = arn:aws:iam::333333333333:role/Deploy\nsource_profile = dev\n";

/** A session `acme` with profile dev (and the chained deploy), logged in with `token`. */
async function loggedIn(token = "tok-net", extra = CHAIN): Promise<void> {
  await box.writeConfig(sessionConfig("acme", [DEV]) + extra);
  await box.writeToken("acme", tokenBody(token, inMinutes(60)));
  fake.grant(token, "111111111111/Admin");
}

/** Through the open squid, trusting the test CA. */
function viaProxy(extra: Record<string, string> = {}): Record<string, string> {
  return { HTTPS_PROXY: squid.address, AWS_CA_BUNDLE: ca.caFile, ...extra };
}

/** CONNECT lines squid logged for `host` since `before` (its log grows through the file). */
async function tunnels(proxy: Squid, host: string, since = ""): Promise<string[]> {
  const log = (await proxy.accessLog()).slice(since.length);
  return log.split("\n").filter((line) => line.includes(`CONNECT ${host}:`));
}

/** Every failure: one line on stderr, nothing on stdout, no password anywhere. */
function oneLine(run: { stdout: string; stderr: string }, pattern: RegExp): void {
  const lines = run.stderr
    .split("\n")
    .filter((line) => line.startsWith("sso-sync:") || line.startsWith("✖"));
  assert.ok(
    lines.some((line) => pattern.test(line)),
    run.stderr,
  );
  assert.doesNotMatch(run.stderr + run.stdout, /p@ss|p%40ss|w:rd|@smithy|requestTimeout|\n\s+at /);
}

describe("through a real proxy, with a private CA", { skip }, () => {
  it("sync, a chained STS profile included, goes through HTTPS_PROXY and trusts AWS_CA_BUNDLE", async () => {
    await loggedIn();
    const since = await squid.accessLog();
    const run = await box.run(["--profile", "dev", "--profile", "deploy"], viaProxy());
    assert.equal(run.code, 0, run.stderr);
    const text = await box.readCredentials();
    assert.ok(sectionOf(text, "dev")?.aws_access_key_id);
    assert.ok(sectionOf(text, "deploy")?.aws_access_key_id);
    assert.equal(fake.assumed.length, 1, "the chained hop went to STS");
    assert.ok((await tunnels(squid, HOST, since)).length >= 1, await squid.accessLog());
  });

  it("without the proxy the name does not resolve: one line naming the host, exit 4, nothing written", async () => {
    await loggedIn();
    const run = await box.run(["--profile", "dev"], { AWS_CA_BUNDLE: ca.caFile });
    assert.equal(run.code, 4, run.stderr);
    oneLine(
      run,
      new RegExp(
        `the name ${HOST.replaceAll(".", "\\.")} does not resolve; check the network, the proxy, or sso_region`,
      ),
    );
    assert.doesNotMatch(run.stderr, /ENOTFOUND/);
    assert.equal(await box.readCredentials().catch(() => ""), "");
  });

  it("accounts through a Basic-auth proxy (lower-case https_proxy, percent-encoded password, ca_bundle in the config)", async () => {
    await loggedIn("tok-net", `ca_bundle = ${ca.caFile}\n`);
    const since = await authSquid.accessLog();
    const env = { https_proxy: `http://${PROXY_USER}@127.0.0.1:${authSquid.port}`, DEBUG: "*" };
    const run = await box.run(["accounts", "--profile", "dev", "--json"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /111111111111/);
    const lines = await tunnels(authSquid, HOST, since);
    assert.ok(
      lines.length >= 1 && lines.every((line) => line.includes(" alice ")),
      lines.join("\n"),
    );
    assert.doesNotMatch(run.stderr + run.stdout, /p@ss|p%40ss|w:rd|cEBzcyB3OnJk/);
  });

  it("a token refresh goes through the proxy", async () => {
    await box.writeConfig(sessionConfig("acme", [DEV]));
    const client = { clientId: "client-1", clientSecret: "secret-1" };
    await box.writeToken("acme", {
      ...tokenBody("tok-old", inMinutes(-5)),
      refreshToken: "rt-net",
      ...client,
      registrationExpiresAt: inMinutes(60 * 24),
    });
    fake.allowRefresh("rt-net", client, "111111111111/Admin");
    const run = await box.run(["--profile", "dev"], viaProxy());
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fake.counters.createTokenCalls, 1);
  });

  it("a device-code login goes through the proxy", async () => {
    await box.writeConfig(sessionConfig("acme", [DEV]));
    fake.login.device.assignments = ["111111111111/Admin"];
    fake.login.device.intervalSeconds = 1;
    const since = await squid.accessLog();
    const run = await box.run(
      ["login", "--use-device-code", "--no-browser", "--no-sync"],
      viaProxy(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fake.login.counters.deviceTokens, 1);
    assert.ok((await tunnels(squid, HOST, since)).length >= 1);
  });

  it("a PKCE login goes through the proxy (the test plays the browser)", async () => {
    await box.writeConfig(sessionConfig("acme", [DEV]));
    fake.login.device.assignments = ["111111111111/Admin"];
    const child = box.start(["login", "--no-browser", "--no-sync"], viaProxy());
    const done = collect(child);
    const landing = await authorize(authorizeUrlIn(await stderrUntil(child, /paste here/)));
    child.stdin?.end(`${landing}\n`);
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fake.login.counters.codeTokens, 1);
  });

  it("logout ends the session at the portal through the proxy", async () => {
    await loggedIn("tok-out");
    const run = await box.run(["logout"], viaProxy());
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fake.login.counters.logouts, ["tok-out"]);
  });

  it("an http endpoint goes through HTTP_PROXY (the request forwarded, not tunnelled)", async () => {
    const plain = await startFakeAws();
    try {
      await loggedIn("tok-http", "");
      plain.grant("tok-http", "111111111111/Admin");
      const since = await squid.accessLog();
      const endpoint = plain.url.replace("127.0.0.1", HOST);
      const env = { AWS_ENDPOINT_URL_SSO: endpoint, HTTP_PROXY: squid.address, HTTPS_PROXY: "" };
      const run = await box.run(["--profile", "dev"], env);
      assert.equal(run.code, 0, run.stderr);
      const log = (await squid.accessLog()).slice(since.length);
      assert.match(
        log,
        new RegExp(`GET ${endpoint.replaceAll(".", "\\.")}/federation/credentials`),
      );
    } finally {
      await plain.close();
    }
  });

  it("NO_PROXY sends a listed host direct, past a dead proxy", async () => {
    await loggedIn("tok-np", "");
    const direct = fake.url.replace(HOST, "127.0.0.1");
    const env = {
      AWS_ENDPOINT_URL_SSO: direct,
      HTTPS_PROXY: `http://127.0.0.1:${deadPort}`,
      NO_PROXY: "localhost,127.0.0.1",
      AWS_CA_BUNDLE: ca.caFile,
    };
    const run = await box.run(["--profile", "dev"], env);
    assert.equal(run.code, 0, run.stderr);
    // And without the NO_PROXY entry the dead proxy is used (the bypass is what made it work).
    const blocked = await box.run(["--profile", "dev", "--force"], {
      ...env,
      NO_PROXY: "other.test",
    });
    assert.equal(blocked.code, 4, blocked.stderr);
    oneLine(
      blocked,
      new RegExp(
        `the proxy http://127\\.0\\.0\\.1:${deadPort} cannot be reached \\(ECONNREFUSED\\); check HTTPS_PROXY`,
      ),
    );
  });
});

describe("network failures, each one line with its exit code", { skip }, () => {
  it("a proxy that wants credentials (407), and one that refuses them", async () => {
    await loggedIn("tok-407", "");
    const none = await box.run(["--profile", "dev"], {
      HTTPS_PROXY: authSquid.address,
      AWS_CA_BUNDLE: ca.caFile,
    });
    assert.equal(none.code, 4, none.stderr);
    oneLine(
      none,
      /the proxy http:\/\/127\.0\.0\.1:\d+ needs credentials \(407\); put them in HTTPS_PROXY/,
    );
    const wrong = await box.run(["--profile", "dev"], {
      HTTPS_PROXY: `http://alice:${encodeURIComponent("not-it")}@127.0.0.1:${authSquid.port}`,
      AWS_CA_BUNDLE: ca.caFile,
    });
    assert.equal(wrong.code, 4, wrong.stderr);
    oneLine(
      wrong,
      /the proxy http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ did not accept the credentials in HTTPS_PROXY \(407\)/,
    );
    assert.doesNotMatch(wrong.stderr, /not-it/);
    const json = await box.run(["--profile", "dev", "--json"], {
      HTTPS_PROXY: `http://${PROXY_USER.replace("w", "x")}@127.0.0.1:${authSquid.port}`,
      AWS_CA_BUNDLE: ca.caFile,
    });
    assert.equal(json.code, 4, json.stderr);
    assert.match(json.stdout, /did not accept the credentials in HTTPS_PROXY \(407\)/);
    assert.doesNotMatch(json.stdout + json.stderr, /p@ss|p%40ss|x:rd|x%3Ard/);
    assert.equal(await box.readCredentials().catch(() => ""), "");
  });

  it("a certificate the bundle does not vouch for", async () => {
    await loggedIn("tok-tls", "");
    const run = await box.run(["--profile", "dev"], viaProxy({ AWS_CA_BUNDLE: ca.otherCaFile }));
    assert.equal(run.code, 4, run.stderr);
    oneLine(
      run,
      new RegExp(
        `the certificate of ${HOST.replaceAll(".", "\\.")} is not trusted by the CA bundle .*other-ca\\.pem; set AWS_CA_BUNDLE or ca_bundle to your company's CA bundle`,
      ),
    );
    assert.equal(await box.readCredentials().catch(() => ""), "");
  });

  it("a CA bundle that is missing or not PEM stops the run before any call (exit 2)", async () => {
    await loggedIn("tok-bundle", "");
    const missing = join(box.home, "no-such.pem");
    const run = await box.run(["--profile", "dev"], viaProxy({ AWS_CA_BUNDLE: missing }));
    assert.equal(run.code, 2, run.stderr);
    oneLine(run, /cannot read the CA bundle .*no-such\.pem \(AWS_CA_BUNDLE\): no such file/);
    const junk = join(box.home, "junk.pem");
    await writeFile(junk, "not a certificate\n");
    await box.writeConfig(`${sessionConfig("acme", [DEV])}ca_bundle = ${junk}\n`);
    const bad = await box.run(["--profile", "dev"], { HTTPS_PROXY: squid.address });
    assert.equal(bad.code, 2, bad.stderr);
    oneLine(bad, /the CA bundle .*junk\.pem \(ca_bundle of profile dev\) is not a PEM file/);
    assert.equal(fake.counters.portalRequests, 0, "nothing was sent");
  });

  it("a black-holed endpoint with --timeout 3: sync, login and logout each end saying so", async () => {
    await loggedIn("tok-hole", "");
    const endpoint = `https://${HOLE}:${holePort}`;
    const sync = await box.run(
      ["--profile", "dev", "--timeout", "3"],
      viaProxy({ AWS_ENDPOINT_URL_SSO: endpoint }),
    );
    assert.equal(sync.code, 4, sync.stderr);
    oneLine(
      sync,
      /no answer from the SSO portal for eu-west-1 \(https:\/\/hole\.corp\.test:\d+\) within 3s; try again or raise --timeout/,
    );
    const logout = await box.run(
      ["logout", "--timeout", "3"],
      viaProxy({ AWS_ENDPOINT_URL_SSO: endpoint }),
    );
    assert.equal(logout.code, 4, logout.stderr);
    oneLine(
      logout,
      /no answer from the SSO portal for eu-west-1 \(https:\/\/hole\.corp\.test:\d+\) within 3s/,
    );
    // The login's deadline ends its request: one attempt, not the SDK's three socket timeouts.
    const connections = held.length;
    const login = await box.run(
      ["login", "--use-device-code", "--no-browser", "--no-sync", "--timeout", "3"],
      viaProxy({ AWS_ENDPOINT_URL_SSO_OIDC: endpoint }),
    );
    assert.equal(login.code, 4, login.stderr);
    oneLine(
      login,
      /cannot log in to session acme: no answer from SSO-OIDC \(https:\/\/hole\.corp\.test:\d+\) within 3s/,
    );
    assert.equal(held.length - connections, 1, "one request reached the endpoint");
  });
});

describe("on a terminal", { skip: skip || noScript }, () => {
  it("a call still waiting after a second says what it waits for", async () => {
    await loggedIn("tok-tty", "");
    const endpoint = `https://${HOLE}:${holePort}`;
    const env = {
      HOME: box.home,
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      AWS_ENDPOINT_URL_SSO: endpoint,
      AWS_ENDPOINT_URL_SSO_OIDC: endpoint,
      ...viaProxy(),
    };
    const sync = await runOnTerminal("--profile dev --timeout 3", env);
    assert.equal(sync.code, 4, sync.output);
    assert.match(sync.output, /sso-sync: waiting for an answer from the SSO portal in eu-west-1/);
    await box.writeToken("acme", tokenBody("tok-tty", inMinutes(-60)));
    const login = await runOnTerminal(
      "login --use-device-code --no-browser --no-sync --timeout 3",
      env,
    );
    assert.equal(login.code, 4, login.output);
    assert.match(
      login.output,
      /sso-sync: waiting for an answer from SSO-OIDC \(https:\/\/hole\.corp\.test:\d+\)/,
    );
  });
});

describe("doctor", { skip }, () => {
  it("reports each profile's proxy (no password) and CA bundle, and checks that the bundle reads", async () => {
    await loggedIn("tok-doc", `ca_bundle = ${join(box.home, "gone.pem")}\n`);
    const env = { HTTPS_PROXY: `http://${PROXY_USER}@127.0.0.1:${authSquid.port}` };
    const run = await box.run(["doctor", "--json"], env);
    assert.equal(run.code, 6, run.stdout);
    const report = JSON.parse(run.stdout) as {
      findings: Array<{ check: string; message: string }>;
      network: Array<{ profile: string; proxy: string | null; caBundle: string | null }>;
    };
    const dev = report.network.find((each) => each.profile === "dev");
    assert.equal(dev?.proxy, `http://alice:***@127.0.0.1:${authSquid.port} (HTTPS_PROXY)`);
    assert.match(dev?.caBundle ?? "", /gone\.pem \(ca_bundle of profile dev\)/);
    const bundle = report.findings.find((each) => each.check === "ca-bundle");
    assert.match(bundle?.message ?? "", /cannot read the CA bundle .*gone\.pem/);
    assert.doesNotMatch(run.stdout + run.stderr, /p@ss|p%40ss|w:rd/);
    const text = await box.run(["doctor"], { ...env, AWS_CA_BUNDLE: ca.caFile });
    assert.equal(text.code, 0, text.stdout);
    assert.match(
      text.stdout,
      /network \[dev\]: proxy http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ \(HTTPS_PROXY\); CA bundle .*ca\.pem \(AWS_CA_BUNDLE\)/,
    );
    assert.doesNotMatch(text.stdout + text.stderr, /p@ss|p%40ss|w:rd/);
  });
});

describe("interop: the AWS CLI through the same proxy and CA", {
  skip: skip || interopSkip(),
}, () => {
  it("signs sts get-caller-identity with the synced section; the fake verifies the signature", async () => {
    await loggedIn("tok-cli", "");
    assert.equal((await box.run(["--profile", "dev"], viaProxy())).code, 0);
    const since = await squid.accessLog();
    const calls = fake.counters.stsCalls;
    const rejected = fake.counters.stsRejected;
    const { stdout } = await promisify(execFile)(AWS_CLI, callerIdentityArgs("dev", fake.url), {
      env: {
        HOME: box.home,
        PATH: "/usr/bin:/bin",
        AWS_CONFIG_FILE: join(box.home, "empty-config"),
        AWS_SHARED_CREDENTIALS_FILE: box.credentialsFile,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_PAGER: "",
        ...viaProxy(),
      },
      timeout: 60_000,
    });
    assert.equal(JSON.parse(stdout).Account, "111111111111");
    assert.equal(fake.counters.stsCalls, calls + 1);
    assert.equal(fake.counters.stsRejected, rejected);
    assert.ok((await tunnels(squid, HOST, since)).length >= 1);
  });
});

/** What a browser does with the authorize address: the fake approves and redirects. */
function authorize(url: URL): Promise<string> {
  return new Promise((resolve, reject) => {
    const port = Number(url.port);
    const options = { host: "127.0.0.1", port, servername: HOST, path: url.pathname + url.search };
    request({ ...options, rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.headers.location ?? "");
    })
      .on("error", reject)
      .end();
  });
}
