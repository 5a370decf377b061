/** The line of dist/src/cli.cjs between the program and its lazily loaded packages (build.mjs). */
export const PART_MARKER = "\n//# sso-sync packages\n";

/** How the program's function expression is called when node runs cli.cjs as it is. */
export const PROGRAM_CALL = "(exports,require,module,__filename,__dirname,__ssoSyncPackages);";

const MARKER_BYTES = Buffer.from(PART_MARKER, "latin1");

/** The length of the bundle's head: the program, its call and the marker, which the bin reads. */
export function headLength(markerAt: number): number {
  return markerAt + MARKER_BYTES.length;
}

/**
 * The bundle's two parts as scripts, each a function expression: the program, whose parameters
 * are CommonJS's and `__ssoSyncPackages`, and the packages, read and decoded only when asked
 * for (an all-fresh run never reads their 367 kB). `head` is the bundle's first
 * `headLength(markerAt)` bytes, `markerAt` the marker's offset that the build wrote into the bin,
 * `rest` the bytes after the head. The bundle is ASCII (esbuild escapes the rest), so latin1 is
 * its exact text.
 */
export function bundleParts(
  head: Buffer,
  markerAt: number,
  rest: () => Buffer,
): { program: string; packages: () => string } {
  const end = markerAt - PROGRAM_CALL.length;
  const whole =
    end >= 0 &&
    head.length === headLength(markerAt) &&
    head.toString("latin1", end, markerAt) === PROGRAM_CALL &&
    head.subarray(markerAt).equals(MARKER_BYTES);
  if (!whole)
    throw new Error("the bundle does not match its bin: rebuild it with scripts/build.mjs");
  return {
    program: head.toString("latin1", 0, end),
    packages: () => `(${rest().toString("latin1")})`,
  };
}
