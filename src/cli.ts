import { main } from "./cli/main.js";

// The program's entry, bundled with every package into one CommonJS file, dist/src/cli.cjs, which
// the bin (dist/src/bin.cjs, src/cli/bin.ts) compiles with V8's code cache (scripts/build.mjs).
// The rule for imports (docs/performance.md): our own modules are imported statically (they are
// all in the bundle anyway); `await import` only for packages a run may not need (the AWS SDK,
// proper-lockfile) and for readline: the build puts those in a part compiled on first use.
main(process.argv).then((code) => {
  process.exitCode = code;
});
