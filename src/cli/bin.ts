import { fstatSync, openSync, readSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Script } from "node:vm";
import {
  codeCacheDirectory,
  codeCacheFile,
  codeCacheKey,
  flagsChanged,
  readCodeCache,
  writeCodeCache,
} from "../io/files/code-cache.js";
import { bundleParts, headLength } from "./bundle-parts.js";

// The bin (dist/src/bin.cjs, CommonJS: node starts an ES module entry some 8 ms slower). It runs
// the bundle, dist/src/cli.cjs, compiled with V8's code cache kept under the user's cache folder
// (Node 20 has no module.enableCompileCache): compiling the bundle from its source would take
// longer than the rest of an all-fresh run. See docs/performance.md.

// The bundle's SHA-256 and the byte offset of its part marker, written in by scripts/build.mjs.
declare const SSO_SYNC_BUNDLE_SHA256: string;
declare const SSO_SYNC_MARKER_AT: number;

type Wrapper = (...args: unknown[]) => unknown;

const bundle = join(__dirname, "cli.cjs");
// Kept open: the packages part is read from the same file, even if an upgrade replaces it.
const bundleFd = openSync(bundle, "r");
const stat = fstatSync(bundleFd);
const parts = bundleParts(
  readAt(bundleFd, 0, headLength(SSO_SYNC_MARKER_AT)),
  SSO_SYNC_MARKER_AT,
  readRest,
);
const cacheDir = codeCacheDirectory(process.env, process.platform, homedir());

/** `length` bytes of the bundle from `position`; the file ending sooner is an error. */
function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafeSlow(length);
  for (let read = 0; read < length; ) {
    const got = readSync(fd, bytes, read, length - read, position + read);
    if (got === 0) throw new Error(`${bundle} was cut short while it was read`);
    read += got;
  }
  return bytes;
}

/**
 * The packages part: the rest of the file, which must be the version the program came from. A
 * file changed in place (an upgrade) ends the run at once, exit 1, with nothing written: thrown,
 * the error would surface inside an AWS call as that call's failure.
 */
function readRest(): Buffer {
  const now = fstatSync(bundleFd);
  if (now.size !== stat.size || now.mtimeMs !== stat.mtimeMs || now.ctimeMs !== stat.ctimeMs) {
    process.stderr.write(`sso-sync: ${bundle} changed while it ran (an upgrade?); run it again\n`);
    process.exit(1);
  }
  const start = headLength(SSO_SYNC_MARKER_AT);
  return readAt(bundleFd, start, stat.size - start);
}

/** Compiles one part with its code cache; the cache is (re)written at exit when it was not used. */
function compile(part: string, source: string): Wrapper {
  const identity = {
    buildDigest: SSO_SYNC_BUNDLE_SHA256,
    bundlePath: bundle,
    bundleStat: stat,
    part,
  };
  const key = codeCacheKey(identity);
  const file = codeCacheFile(cacheDir, identity);
  const cachedData = readCodeCache(file, key);
  const script = new Script(source, { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true)
    // At exit the data holds every function this run compiled, not only the top level.
    process.once("exit", () => {
      if (!flagsChanged()) writeCodeCache(file, key, script.createCachedData());
    });
  return script.runInThisContext() as Wrapper;
}

let packages: Wrapper | undefined;
const loadPackages = (...args: unknown[]) => {
  packages ??= compile("packages", parts.packages());
  return packages(...args);
};
const program = compile("program", parts.program);
const bundleModule = { exports: {} };
program(bundleModule.exports, require, bundleModule, bundle, __dirname, loadPackages);
