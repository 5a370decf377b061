import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bundleParts,
  headLength,
  PART_MARKER,
  PROGRAM_CALL,
} from "../../../src/cli/bundle-parts.js";

const program = "(function(exports){run()\n})";
const packages = "function __ssoSyncPackages(require){return {}}\n";
const bundle = Buffer.from(`${program}${PROGRAM_CALL}${PART_MARKER}${packages}`);
const markerAt = program.length + PROGRAM_CALL.length;

describe("bundleParts", () => {
  it("splits the bundle into the program's and the packages' function expressions", () => {
    const head = bundle.subarray(0, headLength(markerAt));
    let restRead = 0;
    const parts = bundleParts(head, markerAt, () => {
      restRead++;
      return bundle.subarray(headLength(markerAt));
    });
    assert.equal(parts.program, program);
    assert.equal(restRead, 0, "the packages are read only when asked for");
    assert.equal(parts.packages(), `(${packages})`);
  });

  it("refuses a head whose marker or program call is not where the bin says", () => {
    const rest = () => Buffer.alloc(0);
    for (const at of [markerAt - 1, markerAt + 1, 3]) {
      const head = bundle.subarray(0, headLength(at));
      assert.throws(() => bundleParts(head, at, rest), /does not match its bin/);
    }
    const short = bundle.subarray(0, headLength(markerAt) - 1);
    assert.throws(() => bundleParts(short, markerAt, rest), /does not match its bin/);
    const uncalled = Buffer.from(`(function(){});${PART_MARKER}x`);
    assert.throws(() => bundleParts(uncalled, 15, rest), /does not match its bin/);
  });
});
