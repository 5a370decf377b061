// `npm run build`: compiles into a fresh folder, bundles the shipped CLI, makes the bin executable,
// then swaps the folder in, so an installed `sso-sync` linked to this checkout never finds its bin
// missing or not executable.
// - tsc compiles every module (the tests import them) and type-checks.
// - esbuild bundles the CLI and every package it uses, minified, into one self-contained CommonJS
//   file, dist/src/cli.cjs: `node dist/src/cli.cjs` runs as is, with nothing in node_modules. Its
//   two parts are split at a marker line: the program (src/ and the packages it imports
//   statically), then `__ssoSyncPackages`, the packages src/ imports lazily (`await import`: the
//   AWS SDK, proper-lockfile), bundled together so they share their dependencies.
// - The bin, dist/src/bin.cjs (src/cli/bin.ts), compiles the two parts separately with V8's code cache
//   (docs/performance.md): a run with nothing to fetch never compiles or deserializes the SDK.
// - dist/src/cli.js is the tsc output replaced by an ES-module shim that loads the bin: the tests
//   and timer units written by older versions run it.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { join } from "node:path";

const next = "dist.next";
const old = "dist.old";
const require = createRequire(import.meta.url);
const esbuild = require("esbuild");
// The line that ends the program and starts the lazily loaded packages (src/cli/bundle-parts.ts).
const MARKER = "\n//# sso-sync packages\n";
rmSync(next, { recursive: true, force: true });
rmSync(old, { recursive: true, force: true });
const tsc = require.resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json", "--outDir", next], {
  stdio: "inherit",
});
const { version } = JSON.parse(readFileSync("package.json", "utf8"));
const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // SSO_SYNC_NO_MINIFY=1 keeps names readable in a profile (docs/performance.md).
  minify: process.env.SSO_SYNC_NO_MINIFY !== "1",
  write: false,
  legalComments: "none",
  // `import()` of a node builtin stays `import()` otherwise, which a vm.Script cannot run (and
  // which would start node's ES module loader); CommonJS `require` is what the bundle has.
  supported: { "dynamic-import": false },
  logLevel: "warning",
};

/** Packages imported lazily by src/ (`await import("pkg")`) and those imported statically. */
const imported = { lazy: new Set(), static: new Set() };
/** The names src/ takes from each lazily imported package (`const { A, B } = await import("pkg")`). */
const lazyExports = new Map();

/**
 * Records the names `importer` takes from `name`. Each lazy import must destructure its names:
 * the packages part keeps those only, so esbuild leaves out the rest (the SDK's HTTP/2 handler,
 * which loads node's http2, and the clients' unused commands).
 */
function recordLazyNames(importer, name) {
  const text = readFileSync(importer, "utf8");
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const quoted = `["'\`]${escaped}["'\`]`;
  // Every import( of the package, awaited or not, must be one of the destructuring ones.
  const sites = text.match(new RegExp(`\\bimport\\(\\s*${quoted}\\s*\\)`, "g"))?.length ?? 0;
  const taken = [
    ...text.matchAll(new RegExp(`const \\{([^}]*)\\} = await import\\(\\s*${quoted}\\s*\\)`, "g")),
  ];
  if (taken.length !== sites)
    throw new Error(
      `${importer}: write each \`await import(${JSON.stringify(name)})\` as \`const { ... } = await import(...)\``,
    );
  const names = lazyExports.get(name) ?? new Set();
  for (const match of taken)
    for (const each of match[1].split(",")) names.add(each.trim().split(/\s*:/)[0]);
  names.delete("");
  lazyExports.set(name, names);
}
// A package name (Go regular expressions: no look-ahead); builtins are told apart in the callback.
const bare = /^[@a-zA-Z0-9_]/;

// In the program, a lazily imported package becomes a call into the packages part.
const lazyPackages = {
  name: "lazy-packages",
  setup(build) {
    build.onResolve({ filter: bare }, (args) => {
      if (!args.importer.includes("/src/") || args.importer.includes("/node_modules/")) return;
      if (isBuiltin(args.path))
        return args.kind === "import-statement"
          ? { path: args.path, namespace: "builtin" }
          : undefined;
      if (args.kind !== "dynamic-import") {
        imported.static.add(args.path);
        return { path: args.path, namespace: "on-first-use" };
      }
      imported.lazy.add(args.path);
      recordLazyNames(args.importer, args.path);
      return { path: args.path, namespace: "lazy-package" };
    });
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
      contents: onFirstUse(args.path, takenFrom(args.path, Object.keys(require(args.path)))),
      loader: "js",
    }));
    // A package src/ imports statically stays in the program, but its module runs when one of its
    // exports is first read (date-fns builds its English locale when loaded: a run that prints no
    // time does not need it).
    build.onLoad({ filter: /.*/, namespace: "on-first-use" }, async (args) => ({
      contents: onFirstUse(args.path, takenFrom(args.path, Object.keys(await import(args.path)))),
      resolveDir: process.cwd(),
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "lazy-package" }, (args) => ({
      contents: `module.exports = __ssoSyncPackages(require, __filename, __dirname)[${JSON.stringify(args.path)}]();`,
      loader: "js",
    }));
  },
};

// Each lazily imported package is reached through a module that re-exports only the names src/
// takes from it (recordLazyNames); the packages part runs a facade when a run first asks for it.
const lazyFacades = {
  name: "lazy-facades",
  setup(build) {
    build.onResolve({ filter: /^lazy-facade:/ }, (args) => ({
      path: args.path.slice("lazy-facade:".length),
      namespace: "lazy-facade",
    }));
    build.onLoad({ filter: /.*/, namespace: "lazy-facade" }, (args) => ({
      contents: `export { ${[...lazyExports.get(args.path)].sort().join(", ")} } from ${JSON.stringify(args.path)};`,
      resolveDir: process.cwd(),
      loader: "js",
    }));
  },
};

/** The text of one esbuild output. */
async function bundled(options) {
  const result = await esbuild.build({ ...common, ...options });
  return { text: result.outputFiles[0].text, metafile: result.metafile };
}

/** Every file under `dir` whose name ends in `.ts`. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/**
 * The names src/ imports from each module (`import { a, b as c } from "m"`), or "all" for a
 * module imported another way (a default or a namespace import).
 */
function scanImports() {
  const found = new Map();
  // `export { ... } from` takes names too; a default, namespace or `export *` takes them all.
  const named = /(?:import|export)\s+(type\s+)?\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;
  const other = /(?:import|export)\s+(?!type\b)(?!\{)[^;"']*from\s*["']([^"']+)["']/g;
  for (const file of sourceFiles("src")) {
    const text = readFileSync(file, "utf8");
    for (const [, typeOnly, list, from] of text.matchAll(named)) {
      if (typeOnly !== undefined) continue;
      const names = found.get(from) ?? new Set();
      if (names === "all") continue;
      for (const spec of list.split(",").map((each) => each.trim())) {
        if (spec === "" || spec.startsWith("type ")) continue;
        names.add(spec.split(/\s+as\s+/)[0].trim());
      }
      found.set(from, names);
    }
    for (const [, from] of text.matchAll(other)) found.set(from, "all");
  }
  return found;
}
const srcImports = scanImports();

/**
 * Of a module's exports, those src/ imports: a module loaded on first use lists only those, so
 * starting the program defines a few getters, not node:fs's hundred (each import names what it
 * takes; a name the module lacks stops the build).
 */
function takenFrom(name, keys) {
  const taken = srcImports.get(name);
  if (taken === undefined || taken === "all") return keys;
  const missing = [...taken].filter((each) => !keys.includes(each));
  if (missing.length > 0)
    throw new Error(`src/ imports ${missing.join(", ")} from ${name}, which has no such export`);
  return [...taken].sort();
}

/**
 * A module that src/ imports statically, loaded when one of its exports is first read: an
 * all-fresh run never loads http, child_process or readline (each costs start-up time), and
 * src/ still imports them the plain way. esbuild reads `import { x } from "y"` as a property read
 * on the module object at each use, so a getter per export (`keys`) is enough. The getters sit on
 * the module object's prototype, not on the object: esbuild's `__toESM` copies a CommonJS
 * module's own properties into a new object at every importing file (node:fs has 100 exports,
 * date-fns 250; the copies took 8 ms of an all-fresh run), and the copy it makes inherits from
 * the module object's prototype, so it finds the getters there.
 */
function onFirstUse(name, keys) {
  const getters = keys
    .map(
      (key) => `${JSON.stringify(key)}:{get(){return l()[${JSON.stringify(key)}]},enumerable:true}`,
    )
    .join(",");
  return `var m;function l(){return m||(m=require(${JSON.stringify(name)}))}module.exports=Object.create(Object.defineProperties({},{${getters}}));`;
}

const program = await bundled({
  entryPoints: ["src/cli.ts"],
  outfile: "cli.cjs",
  plugins: [lazyPackages],
  metafile: true,
  define: { SSO_SYNC_VERSION: JSON.stringify(version) },
  // version() reads package.json through import.meta only when SSO_SYNC_VERSION is not built in.
  logOverride: { "empty-import-meta": "silent" },
});
const both = [...imported.lazy].filter((name) => imported.static.has(name));
if (both.length > 0)
  throw new Error(
    `imported both statically and lazily by src/ (the bundle would hold two copies): ${both.join(", ")}`,
  );
// Every lazily imported package, bundled together: the clients share @smithy/* and @aws-sdk/core.
const lazyNames = [...imported.lazy].sort();
const packages = await bundled({
  stdin: {
    contents: `module.exports = {${lazyNames.map((name) => `${JSON.stringify(name)}: () => require(${JSON.stringify(`lazy-facade:${name}`)})`).join(",")}};`,
    resolveDir: ".",
    sourcefile: "lazy-packages.js",
  },
  outfile: "cli-packages.cjs",
  // The ES module builds (the SDK ships both): esbuild drops what the facades do not re-export.
  mainFields: ["module", "main"],
  plugins: [lazyFacades],
  metafile: true,
});
// The packages part is one function declaration: hoisted when node runs cli.cjs as is, compiled on
// its own (with its own code cache) by the bin. It runs its bundle once.
const packagesPart = `function __ssoSyncPackages(require,__filename,__dirname){if(__ssoSyncPackages.loaded)return __ssoSyncPackages.loaded;var module={exports:{}},exports=module.exports;\n${packages.text}\nreturn __ssoSyncPackages.loaded=module.exports}\n`;
if (program.text.includes(MARKER) || packagesPart.includes(MARKER))
  throw new Error("the bundle contains the part marker");
// The program is one function expression, called at once when node runs the file, compiled as it
// stands (a slice of the file's text, no copy) by the bin.
const parameters = "exports,require,module,__filename,__dirname,__ssoSyncPackages";
const programText = `(function(${parameters}){${program.text}\n})(${parameters});`;
// The bin reads the program up to the marker, at this offset, and the packages only when needed.
const markerAt = programText.length;
if (Buffer.byteLength(programText) !== markerAt) throw new Error("the program is not ASCII");
const bundleText = `${programText}${MARKER}${packagesPart}`;
writeFileSync(`${next}/src/cli.cjs`, bundleText);
writeFileSync(
  `${next}/src/THIRD-PARTY-LICENSES.txt`,
  thirdPartyLicenses([program.metafile, packages.metafile]),
);

/** Name, version and license text of every package in the bundle, which ships no node_modules. */
function thirdPartyLicenses(metafiles) {
  const found = new Map();
  for (const metafile of metafiles)
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match === null || found.has(match[1])) continue;
      const dir = match[1];
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const file = readdirSync(dir).find((name) => /^licen[cs]e/i.test(name));
      const text =
        file === undefined
          ? "(no license file in the package)"
          : readFileSync(join(dir, file), "utf8");
      found.set(
        dir,
        `${manifest.name}@${manifest.version} (${manifest.license ?? "no license field"})\n\n${text.trim()}\n`,
      );
    }
  const head = "sso-sync's dist/src/cli.cjs bundles these packages (scripts/build.mjs).\n";
  return [head, ...[...found.values()].sort()].join(`\n${"=".repeat(78)}\n\n`);
}

const bin = await bundled({
  entryPoints: ["src/cli/bin.ts"],
  outfile: "bin.cjs",
  define: {
    SSO_SYNC_BUNDLE_SHA256: JSON.stringify(createHash("sha256").update(bundleText).digest("hex")),
    SSO_SYNC_MARKER_AT: String(markerAt),
  },
});
writeFileSync(`${next}/src/bin.cjs`, `#!/usr/bin/env node\n${bin.text}`);
chmodSync(`${next}/src/bin.cjs`, 0o755);
writeFileSync(
  `${next}/src/cli.js`,
  `#!/usr/bin/env node
// The bin is cli.js's sibling bin.cjs (see scripts/build.mjs in the repository); this ES module
// shim runs it for the tests and for timer units written by older versions.
import module from "node:module";

module.createRequire(import.meta.url)("./bin.cjs");
`,
);
chmodSync(`${next}/src/cli.js`, 0o755);
try {
  renameSync("dist", old);
} catch (error) {
  if (error.code !== "ENOENT") throw error;
}
renameSync(next, "dist");
rmSync(old, { recursive: true, force: true });
