// Runs the shipped bin in this process and records its peak RSS, for `npm run bench`.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../src/bin.cjs", import.meta.url));
const self = fileURLToPath(import.meta.url);

/** Runs `sso-sync --quiet` under this script and returns its peak RSS in MB. */
export async function peakRss(env: NodeJS.ProcessEnv, rssFile: string): Promise<number> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [self, "--quiet"], {
      env: { ...env, SSO_SYNC_BENCH_RSS_FILE: rssFile },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`sso-sync exited ${code} while its RSS was measured`);
  // resourceUsage().maxRSS is in kilobytes.
  return Number(await readFile(rssFile, "utf8")) / 1024;
}

const out = process.env.SSO_SYNC_BENCH_RSS_FILE;
if (process.argv[1] === self && out !== undefined) {
  process.argv = [process.argv[0] ?? "node", bin, ...process.argv.slice(2)];
  process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
  createRequire(import.meta.url)(bin);
}
