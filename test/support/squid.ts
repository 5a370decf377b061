import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/** A real squid on a loopback port, started and stopped by the test. */
export interface Squid {
  readonly port: number;
  /** `http://127.0.0.1:PORT`, without credentials. */
  readonly address: string;
  /** What squid logged: one line per request (CONNECT host:port, or the absolute URL). */
  accessLog(): Promise<string>;
  stop(): Promise<void>;
}

/** How to start squid. */
export interface SquidOptions {
  /** Names only squid resolves (its hosts_file), each to 127.0.0.1. */
  readonly hosts: readonly string[];
  /** Require Basic auth with this user and password. */
  readonly basicAuth?: { readonly user: string; readonly password: string };
}

const SQUID = "/usr/sbin/squid";
const NCSA = "/usr/lib/squid/basic_ncsa_auth";

/** Whether squid is installed (.ci/run installs it; a developer machine may not have it). */
export async function haveSquid(): Promise<boolean> {
  return readFile(SQUID).then(
    () => true,
    () => false,
  );
}

/** A free loopback port (closed again at once: squid binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string, port: number, options: SquidOptions): string {
  const auth =
    options.basicAuth === undefined
      ? ["http_access allow all"]
      : [
          `auth_param basic program ${NCSA} ${join(dir, "passwd")}`,
          "auth_param basic realm sso-sync-test",
          "acl authed proxy_auth REQUIRED",
          "http_access allow authed",
          "http_access deny all",
        ];
  return [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${join(dir, "squid.pid")}`,
    `access_log stdio:${join(dir, "access.log")}`,
    `cache_log ${join(dir, "cache.log")}`,
    "cache_store_log none",
    "cache deny all",
    `coredump_dir ${dir}`,
    `hosts_file ${join(dir, "hosts")}`,
    // No name server answers on the loopback: only hosts_file names resolve, and quickly fail else.
    "dns_nameservers 127.0.0.1",
    "dns_timeout 2 seconds",
    "negative_dns_ttl 1 seconds",
    "shutdown_lifetime 0 seconds",
    "netdb_filename none",
    "acl SSL_ports port 1-65535",
    "acl CONNECT method CONNECT",
    ...auth,
    "",
  ].join("\n");
}

/** Starts squid in the foreground (-N) and waits, a bounded number of times, for its port. */
export async function startSquid(options: SquidOptions): Promise<Squid> {
  const dir = await mkdtemp(join(tmpdir(), "sso-sync-squid-"));
  // squid drops to the `proxy` user when started as root: it must write its logs here.
  await chmod(dir, 0o777);
  const port = await freePort();
  await writeFile(join(dir, "hosts"), options.hosts.map((host) => `127.0.0.1 ${host}\n`).join(""));
  if (options.basicAuth !== undefined) {
    const { stdout } = await promisify(execFile)("openssl", [
      "passwd",
      "-apr1",
      options.basicAuth.password,
    ]);
    await writeFile(join(dir, "passwd"), `${options.basicAuth.user}:${stdout.trim()}\n`);
    await chmod(join(dir, "passwd"), 0o644);
  }
  const conf = join(dir, "squid.conf");
  await writeFile(conf, config(dir, port, options));
  const child: ChildProcess = spawn(SQUID, ["-N", "-f", conf], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let tries = 0; tries < 200 && !(await listening(port)); tries++) {
    if (child.exitCode !== null) throw new Error(`squid exited: ${await log(dir)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!(await listening(port))) throw new Error(`squid did not listen: ${await log(dir)}`);
  return {
    port,
    address: `http://127.0.0.1:${port}`,
    accessLog: () => readFile(join(dir, "access.log"), "utf8").catch(() => ""),
    async stop() {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function log(dir: string): Promise<string> {
  return readFile(join(dir, "cache.log"), "utf8").catch(() => "");
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
