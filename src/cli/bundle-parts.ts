/** The line of dist/src/cli.cjs between the program and its lazily loaded packages (build.mjs). */
export const PART_MARKER = "\n//# sso-sync packages\n";

/** How the program's function expression is called when node runs cli.cjs as it is. */
export const PROGRAM_CALL = "(exports,require,module,__filename,__dirname,__ssoSyncPackages);";

/**
 * The bundle's two parts as scripts, each a function expression: the program, whose parameters
 * are CommonJS's and `__ssoSyncPackages`, and the packages.
 */
export function bundleParts(text: string): { program: string; packages: string } {
  const at = text.lastIndexOf(PART_MARKER);
  if (at === -1 || !text.startsWith(PROGRAM_CALL, at - PROGRAM_CALL.length))
    throw new Error("the bundle has no part marker: rebuild it with scripts/build.mjs");
  return {
    program: text.slice(0, at - PROGRAM_CALL.length),
    packages: `(${text.slice(at + PART_MARKER.length)})`,
  };
}
