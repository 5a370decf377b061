import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A CA made for one test run with Debian's openssl, and a server certificate it signed. */
export interface TestCa {
  readonly dir: string;
  /** The CA certificate (PEM): what AWS_CA_BUNDLE or ca_bundle points at. */
  readonly caFile: string;
  /** Another CA that signed nothing here: a bundle that does not vouch for the fake. */
  readonly otherCaFile: string;
  readonly serverKey: string;
  readonly serverCert: string;
  cleanup(): Promise<void>;
}

async function newCa(dir: string, name: string): Promise<void> {
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    join(dir, `${name}.key`),
    "-out",
    join(dir, `${name}.pem`),
    "-days",
    "2",
    "-subj",
    `/CN=sso-sync test ${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

/** Makes a CA and a server certificate for `hosts` (and 127.0.0.1), valid for two days. */
export async function makeTestCa(hosts: readonly string[]): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), "sso-sync-ca-"));
  await newCa(dir, "ca");
  await newCa(dir, "other-ca");
  const key = join(dir, "server.key");
  const csr = join(dir, "server.csr");
  const cert = join(dir, "server.pem");
  const ext = join(dir, "server.ext");
  const names = [...hosts.map((host) => `DNS:${host}`), "IP:127.0.0.1"].join(",");
  await writeFile(
    ext,
    `subjectAltName=${names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", ["req", ...newKey, "-keyout", key, "-out", csr, "-subj", `/CN=${hosts[0]}`]);
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    join(dir, "ca.pem"),
    "-CAkey",
    join(dir, "ca.key"),
    "-CAcreateserial",
    "-out",
    cert,
    "-days",
    "2",
    "-extfile",
    ext,
  ]);
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    otherCaFile: join(dir, "other-ca.pem"),
    serverKey: await readFile(key, "utf8"),
    serverCert: await readFile(cert, "utf8"),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
