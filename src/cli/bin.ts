import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Script } from "node:vm";
import {
  type CacheIdentity,
  codeCacheDirectory,
  codeCacheFile,
  codeCacheKey,
  readCodeCache,
  writeCodeCache,
} from "../io/files/code-cache.js";
import { bundleParts } from "./bundle-parts.js";

// The bin (dist/src/bin.cjs, CommonJS: node starts an ES module entry some 8 ms slower). It runs
// the bundle, dist/src/cli.cjs, compiled with V8's code cache kept under the user's cache folder
// (Node 20 has no module.enableCompileCache): compiling the bundle from its source would take
// longer than the rest of an all-fresh run. See docs/performance.md.

// The bundle's SHA-256, written in by scripts/build.mjs.
declare const SSO_SYNC_BUNDLE_SHA256: string;

type Wrapper = (...args: unknown[]) => unknown;

const bundle = join(__dirname, "cli.cjs");
const { bytes, stat } = readBundle(bundle);
const parts = bundleParts(bytes);
const cacheDir = codeCacheDirectory(process.env, process.platform, homedir());

/** The bundle's bytes and its file's identity. */
function readBundle(path: string): { bytes: Buffer; stat: CacheIdentity["bundleStat"] } {
  const fd = openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    const bytes = Buffer.allocUnsafeSlow(stat.size);
    for (let read = 0; read < bytes.length; ) {
      const got = readSync(fd, bytes, read, bytes.length - read, read);
      if (got === 0) throw new Error(`${path} was cut short while it was read`);
      read += got;
    }
    return { bytes, stat };
  } finally {
    closeSync(fd);
  }
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
    process.once("exit", () => writeCodeCache(file, key, script.createCachedData()));
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
