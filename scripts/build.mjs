// `npm run build`: compiles into a fresh folder, makes the bin executable, then swaps it in, so
// an installed `sso-sync` linked to this checkout never finds its bin missing or not executable.
import { execFileSync } from "node:child_process";
import { chmodSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const next = "dist.next";
const old = "dist.old";
rmSync(next, { recursive: true, force: true });
rmSync(old, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json", "--outDir", next], {
  stdio: "inherit",
});
chmodSync(`${next}/src/cli.js`, 0o755);
try {
  renameSync("dist", old);
} catch (error) {
  if (error.code !== "ENOENT") throw error;
}
renameSync(next, "dist");
rmSync(old, { recursive: true, force: true });
