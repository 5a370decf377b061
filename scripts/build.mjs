// `npm run build`: compiles into a fresh folder, bundles the shipped CLI, makes the bin executable,
// then swaps the folder in, so an installed `sso-sync` linked to this checkout never finds its bin
// missing or not executable.
// - tsc compiles every module (the tests import them) and type-checks.
// - esbuild bundles the CLI into dist/src/cli.cjs (dependencies stay in node_modules); the bin,
//   dist/src/cli.js, loads it. This is what is shipped and what the end-to-end tests run.
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const next = "dist.next";
const old = "dist.old";
const require = createRequire(import.meta.url);
rmSync(next, { recursive: true, force: true });
rmSync(old, { recursive: true, force: true });
const tsc = require.resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json", "--outDir", next], {
  stdio: "inherit",
});
const { version } = JSON.parse(readFileSync("package.json", "utf8"));
require("esbuild").buildSync({
  entryPoints: ["src/cli.ts"],
  outfile: `${next}/src/cli.cjs`,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  define: { SSO_SYNC_VERSION: JSON.stringify(version) },
  logLevel: "warning",
  // version() reads package.json through import.meta only when SSO_SYNC_VERSION is not built in.
  logOverride: { "empty-import-meta": "silent" },
});
writeFileSync(
  `${next}/src/cli.js`,
  `#!/usr/bin/env node
// sso-sync's bin: the CLI is bundled into cli.cjs (see scripts/build.mjs in the repository).
import module from "node:module";

// Node 22.1+ keeps compiled code between runs; older versions have no such call.
module.enableCompileCache?.();
module.createRequire(import.meta.url)("./cli.cjs");
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
