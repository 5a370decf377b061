import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sessionConfig, tokenBody } from "../support/config-text.js";
import { ask } from "../support/endpoint-ask.js";
import { useHarness } from "../support/harness.js";
import { collect, inMinutes, sectionOf } from "../support/sandbox.js";

const harness = useHarness();
const DEV = { name: "dev", account: "111111111111", role: "Admin" };
const CLIENT = fileURLToPath(new URL("../support/endpoint-client.js", import.meta.url));

async function loggedIn(token = "tok-endpoint"): Promise<void> {
  await harness.box.writeConfig(sessionConfig("acme", [DEV]));
  await harness.box.writeToken("acme", tokenBody(token, inMinutes(120)));
  harness.fake.grant(token, "111111111111/Admin");
}

/** `sso-sync exec --server --profile dev` with the endpoint client in `mode` as the command. */
/** exec --server for profile dev: the command follows. */
const SERVE_DEV = ["exec", "--server", "--profile", "dev", "--"];

function execClient(args: string[], env: Record<string, string> = {}): ChildProcess {
  return harness.box.start([...SERVE_DEV, process.execPath, CLIENT, ...args], env);
}

/** Resolves with the first JSON line on stdout that has `key` (the child keeps running). */
function stdoutLine(child: ChildProcess, key: string): Promise<Record<string, unknown>> {
  const seen = linesOf(child);
  return new Promise((resolve, reject) => {
    const look = (): boolean => {
      const found = seen.lines.find((line) => key in line);
      if (found !== undefined) resolve(found);
      return found !== undefined;
    };
    if (look()) return;
    seen.listeners.push(look);
    // "close", not "exit": every line the child printed has been read by then.
    child.once("close", () => {
      if (!look()) reject(new Error(`exited before a line with ${key}: ${seen.text}`));
    });
  });
}

interface SeenLines {
  text: string;
  readonly lines: Record<string, unknown>[];
  readonly listeners: Array<() => boolean>;
}

const seenLines = new WeakMap<ChildProcess, SeenLines>();

/**
 * Every JSON line the child printed, from its start: two lines can arrive in one chunk, and a
 * line must not be lost because nobody was waiting for it yet.
 */
function linesOf(child: ChildProcess): SeenLines {
  let seen = seenLines.get(child);
  if (seen !== undefined) return seen;
  const fresh: SeenLines = { text: "", lines: [], listeners: [] };
  child.stdout?.on("data", (chunk: Buffer) => {
    fresh.text += chunk.toString();
    const parts = fresh.text.split("\n");
    fresh.text = parts.pop() ?? "";
    for (const line of parts) if (line !== "") fresh.lines.push(JSON.parse(line));
    for (const listener of [...fresh.listeners])
      if (listener()) fresh.listeners.splice(fresh.listeners.indexOf(listener), 1);
  });
  seen = fresh;
  seenLines.set(child, seen);
  return seen;
}

/** Resolves with stdout so far once it matches `pattern` (the child keeps running). */
function stdoutUntil(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) resolve(text);
    });
    child.once("exit", () => reject(new Error(`exited before ${pattern}: ${text}`)));
  });
}

/** A port on 127.0.0.1 someone else is listening on, until `close`. */
async function takenPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

type Probe = Record<string, { status: number; body: string }> & {
  env: Record<string, string>;
};

describe("exec --server: the endpoint", () => {
  it("serves only requests with the token and Host 127.0.0.1:PORT; the child gets no static keys", async () => {
    await loggedIn();
    const child = execClient(["probe"], {
      AWS_ACCESS_KEY_ID: "AKIASTALE",
      AWS_SECRET_ACCESS_KEY: "stale",
      AWS_SESSION_TOKEN: "stale",
      AWS_PROFILE: "prod",
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/ecs",
    });
    const run = await collect(child);
    assert.equal(run.code, 0, run.stderr);
    const probe = JSON.parse(run.stdout) as Probe;
    const section = sectionOf(await harness.box.readCredentials(), "dev");
    for (const [name, status] of [
      ["noToken", 401],
      ["wrongToken", 403],
      ["bearer", 403],
      ["otherHost", 403],
      ["post", 405],
      ["otherPath", 404],
    ] as const) {
      assert.equal(probe[name]?.status, status, name);
      assert.doesNotMatch(probe[name]?.body ?? "", /AccessKeyId|ASIA/, `${name}: nothing served`);
    }
    assert.equal(probe.good?.status, 200);
    const served = JSON.parse(probe.good?.body ?? "{}") as Record<string, string>;
    assert.deepEqual(Object.keys(served).sort(), [
      "AccessKeyId",
      "Expiration",
      "SecretAccessKey",
      "Token",
    ]);
    assert.equal(served.AccessKeyId, section?.aws_access_key_id);
    assert.equal(served.SecretAccessKey, section?.aws_secret_access_key);
    assert.equal(served.Token, section?.aws_session_token);
    assert.equal(served.Expiration, section?.x_security_token_expires);
    const { env } = probe;
    assert.match(env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? "", /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? "", /^[A-Za-z0-9_-]{43}$/);
    for (const name of [
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_SECURITY_TOKEN",
      "AWS_PROFILE",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ])
      assert.equal(env[name], undefined, name);
    assert.equal(env.AWS_REGION, "eu-west-1");
    // The token is a secret: sso-sync never prints it.
    assert.ok(!run.stderr.includes(env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? "-"));
  });

  it("ends with the command and passes its exit code on; nothing listens afterwards", async () => {
    await loggedIn();
    const script = `console.log(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI); process.exit(9);`;
    const run = await collect(harness.box.start([...SERVE_DEV, process.execPath, "-e", script]));
    assert.equal(run.code, 9, run.stderr);
    await assert.rejects(ask(run.stdout.trim(), {}), /ECONNREFUSED/);
  });

  it("passes SIGTERM on to the command and dies of the signal that killed it, as exec does", async () => {
    await loggedIn();
    const trap = `process.on("SIGTERM", () => process.exit(42)); console.log("ready"); setInterval(() => {}, 1000);`;
    const child = harness.box.start([...SERVE_DEV, process.execPath, "-e", trap]);
    const done = collect(child);
    await stdoutUntil(child, /ready\n/);
    child.kill("SIGTERM");
    assert.equal((await done).code, 42);
    const killed = await collect(harness.box.start([...SERVE_DEV, "sh", "-c", "kill -KILL $$"]));
    assert.equal(killed.signal, "SIGKILL");
  });

  it("renews before expiry through the refresh path: a new SSO token, new keys", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const client = { clientId: "client-1", clientSecret: "secret-1" };
    // Within botocore's 15-minute window: every renewal refreshes the token first.
    await harness.box.writeToken("acme", {
      ...tokenBody("tok-old", inMinutes(5)),
      refreshToken: "rt-1",
      ...client,
      registrationExpiresAt: inMinutes(60 * 24),
    });
    harness.fake.allowRefresh("rt-1", client, "111111111111/Admin");
    harness.fake.behaviour.tokenLifetimeSeconds = 60;
    // Renewed at half-life, 4 s before the expiry (the section keeps whole seconds, so a renewal
    // only on expiry could still come up to 1 s early): 2 s of margin for a loaded machine.
    harness.fake.behaviour.credentialLifetimeMs = 8_000;
    const run = await collect(execClient(["keys", "2"]));
    assert.equal(run.code, 0, run.stderr);
    const { keys, firstServed } = JSON.parse(run.stdout) as {
      keys: [string, string];
      firstServed: [number, number];
    };
    const [first, second] = keys.map((key) => harness.fake.issued.get(key));
    assert.ok(first !== undefined && second !== undefined, "keys the portal issued");
    assert.equal(second.roleName, "Admin");
    assert.ok(
      firstServed[1] < first.expiration - 2_000,
      "the new keys were served well before the old ones expired",
    );
    assert.ok(harness.fake.counters.createTokenCalls >= 2, "the renewal refreshed the token");
    assert.equal(harness.fake.counters.createTokenRejected, 0);
  });

  it("serves a role chain, renewed through STS", async () => {
    await loggedIn();
    const chained =
      "\n[profile deploy]\nrole_arn = arn:aws:iam::333333333333:role/Deploy\nsource_profile = dev\nregion = eu-west-1\n";
    await harness.box.writeConfig(`${sessionConfig("acme", [DEV])}${chained}`);
    harness.fake.behaviour.credentialLifetimeMs = 3_000;
    const run = await collect(
      harness.box.start([
        "exec",
        "--server",
        "--profile",
        "deploy",
        "--",
        process.execPath,
        CLIENT,
        "keys",
        "2",
      ]),
    );
    assert.equal(run.code, 0, run.stderr);
    const { keys } = JSON.parse(run.stdout) as { keys: string[] };
    for (const key of keys) {
      const issued = harness.fake.issued.get(key);
      assert.equal(
        issued?.accountId,
        "333333333333",
        "AssumeRole's credentials, not the SSO role's",
      );
      assert.equal(issued?.roleName, "Deploy");
    }
    assert.ok(harness.fake.assumed.length >= 2);
  });

  it("when the session needs a login mid-run: an error the SDKs show, said once on stderr, served again after the login", async () => {
    await loggedIn("tok-revoked");
    harness.fake.behaviour.credentialLifetimeMs = 3_000;
    const child = execClient(["until-error"]);
    linesOf(child);
    const done = collect(child);
    await stdoutLine(child, "first");
    harness.fake.revoke("tok-revoked");
    const { failed } = (await stdoutLine(child, "failed")) as {
      failed: { status: number; body: string };
    };
    await stdoutLine(child, "waiting");
    await loggedIn("tok-again");
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.equal(failed.status, 503);
    const body = JSON.parse(failed.body) as { Code: string; Message: string };
    assert.equal(body.Code, "LoginNeeded");
    assert.match(body.Message, /run: sso-sync login --sso-session acme/);
    const said = run.stderr.match(/sso-sync login --sso-session acme/g) ?? [];
    assert.equal(said.length, 1, run.stderr);
  });
});

describe("sso-sync server", () => {
  it("prints the two variables in the format asked, serves them, and stops on Ctrl-C (exit 0)", async () => {
    await loggedIn();
    const child = harness.box.start(["server", "--profile", "dev", "--format", "json"]);
    const done = collect(child);
    const printed = JSON.parse(await stdoutUntil(child, /\n\}\n$/)) as Record<string, string>;
    assert.deepEqual(Object.keys(printed), [
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    ]);
    const url = printed.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? "";
    const good = await ask(url, { authorization: printed.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? "" });
    assert.equal(good.status, 200);
    const key = sectionOf(await harness.box.readCredentials(), "dev")?.aws_access_key_id;
    assert.equal((JSON.parse(good.body) as { AccessKeyId: string }).AccessKeyId, key);
    assert.equal((await ask(url, {})).status, 401);
    child.kill("SIGINT");
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /serving dev's credentials at http:\/\/127\.0\.0\.1:\d+\/ until Ctrl-C/,
    );
    await assert.rejects(ask(url, {}), /ECONNREFUSED/);
  });

  it("prints sh exports by default that set both variables, on the --port asked for", async () => {
    await loggedIn();
    const free = await takenPort();
    await free.close();
    const child = harness.box.start(["server", "--profile", "dev", "--port", String(free.port)]);
    const done = collect(child);
    const text = await stdoutUntil(child, /\n.*\n$/);
    assert.equal(
      text.split("\n")[0],
      `export AWS_CONTAINER_CREDENTIALS_FULL_URI='http://127.0.0.1:${free.port}/'`,
    );
    assert.match(
      text.split("\n")[1] ?? "",
      /^export AWS_CONTAINER_AUTHORIZATION_TOKEN='[\w-]{43}'$/,
    );
    child.kill("SIGTERM");
    assert.equal((await done).code, 0);
  });

  it("--port in use or out of range: exit 2 with one line, before any AWS call", async () => {
    await loggedIn();
    const taken = await takenPort();
    try {
      const run = await harness.box.run([
        "server",
        "--profile",
        "dev",
        "--port",
        String(taken.port),
      ]);
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        `sso-sync: port ${taken.port} on 127.0.0.1 is in use; choose another --port, or leave it out for a free one\n`,
      );
      assert.equal(run.stdout, "");
    } finally {
      await taken.close();
    }
    for (const port of ["0", "65536", "http", "80.5"]) {
      const run = await harness.box.run(["server", "--profile", "dev", "--port", port]);
      assert.equal(run.code, 2, port);
      assert.equal(run.stderr.split("\n").length, 2, run.stderr);
      assert.match(run.stderr, /--port takes a (whole )?number from 1 to 65535/);
    }
    assert.equal(harness.fake.counters.portalRequests, 0);
  });

  it("a profile that cannot be served: the same lines and exit codes as exec", async () => {
    await harness.box.writeConfig(sessionConfig("acme", [DEV]));
    const cases: Array<[string, () => Promise<void>]> = [
      ["no token", async () => undefined],
      [
        "a section sso-sync did not write",
        async () => {
          await loggedIn();
          await harness.box.writeCredentials("[dev]\naws_access_key_id = AKIAHAND\n");
        },
      ],
      ["an unknown profile", async () => undefined],
    ];
    for (const [what, arrange] of cases) {
      await arrange();
      const profile = what === "an unknown profile" ? "nope" : "dev";
      const exec = await harness.box.run(["exec", "--profile", profile, "--", "true"]);
      assert.notEqual(exec.code, 0, what);
      for (const args of [
        ["exec", "--server", "--profile", profile, "--", "true"],
        ["server", "--profile", profile],
      ]) {
        const run = await harness.box.run(args);
        assert.equal(run.code, exec.code, `${what}: ${args[0]}`);
        assert.equal(run.stderr, exec.stderr, `${what}: ${args[0]}`);
        assert.equal(run.stdout, "");
      }
    }
  });
});
