// Runs the built CLI in this process and records its peak RSS, for `npm run bench`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../src/cli.js", import.meta.url));
const out = process.env.SSO_SYNC_BENCH_RSS_FILE;
process.argv = [process.argv[0] ?? "node", cli, ...process.argv.slice(2)];
process.on("exit", () => {
  // resourceUsage().maxRSS is in kilobytes.
  if (out) writeFileSync(out, String(process.resourceUsage().maxRSS));
});
await import(cli);
