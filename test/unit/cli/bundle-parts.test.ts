import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bundleParts, PART_MARKER, PROGRAM_CALL } from "../../../src/cli/bundle-parts.js";

describe("bundleParts", () => {
  it("splits the bundle into the program's and the packages' function expressions", () => {
    const program = "(function(exports){run()\n})";
    const packages = "function __ssoSyncPackages(require){return {}}\n";
    const parts = bundleParts(Buffer.from(`${program}${PROGRAM_CALL}${PART_MARKER}${packages}`));
    assert.equal(parts.program, program);
    assert.equal(parts.packages(), `(${packages})`);
  });

  it("refuses a bundle without the marker, or whose program is not called before it", () => {
    assert.throws(() => bundleParts(Buffer.from("(function(){})();")), /no part marker/);
    assert.throws(
      () => bundleParts(Buffer.from(`(function(){});${PART_MARKER}x`)),
      /no part marker/,
    );
  });
});
