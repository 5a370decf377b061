/** The line of dist/src/cli.cjs between the program and its lazily loaded packages (build.mjs). */
export const PART_MARKER = "\n//# sso-sync packages\n";

/** How the program's function expression is called when node runs cli.cjs as it is. */
export const PROGRAM_CALL = "(exports,require,module,__filename,__dirname,__ssoSyncPackages);";

const MARKER_BYTES = Buffer.from(PART_MARKER, "latin1");

/**
 * The bundle's two parts as scripts, each a function expression: the program, whose parameters
 * are CommonJS's and `__ssoSyncPackages`, and the packages, decoded only when asked for. The
 * bundle is ASCII (esbuild escapes the rest), so latin1 is its exact text.
 */
export function bundleParts(bytes: Buffer): { program: string; packages: () => string } {
  const at = bytes.lastIndexOf(MARKER_BYTES);
  const end = at - PROGRAM_CALL.length;
  if (at === -1 || end < 0 || bytes.toString("latin1", end, at) !== PROGRAM_CALL)
    throw new Error("the bundle has no part marker: rebuild it with scripts/build.mjs");
  return {
    program: bytes.toString("latin1", 0, end),
    packages: () => `(${bytes.toString("latin1", at + MARKER_BYTES.length)})`,
  };
}
