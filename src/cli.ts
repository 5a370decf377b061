import { main } from "./cli/main.js";

// The bin entry. The shipped bin, dist/src/cli.js, loads this bundled into one CommonJS file
// (dist/src/cli.cjs, see scripts/build.mjs): it starts faster than dozens of ES modules, and the
// commands it imports lazily stay lazy.
main(process.argv).then((code) => {
  process.exitCode = code;
});
