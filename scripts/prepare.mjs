// `prepare`: npm runs it on `npm install` in a checkout (build there) and when it prepares a git
// dependency. A global git install gets no devDependencies, so there is no TypeScript to build
// with: say what works instead of a bare "tsc: not found".
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("node_modules/typescript/bin/tsc")) {
  process.stderr.write(
    "sso-sync: building needs the devDependencies, which a global git install leaves out; install from a clone instead: npm ci && npm pack && npm install -g ./sso-sync-*.tgz\n",
  );
  process.exit(1);
}
execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
