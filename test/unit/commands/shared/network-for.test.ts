import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { networksFor } from "../../../../src/commands/shared/network-for.js";

describe("networksFor: one settings object per distinct network", () => {
  it("profiles without a bundle share one object (one AWS client for all of them)", async () => {
    const env = {};
    const found = await networksFor(
      Array.from({ length: 50 }, (_, index) => ({ name: `p${index}` })),
      env,
    );
    assert.ok(found.ok);
    assert.equal(new Set(found.value.values()).size, 1);
    assert.equal(found.value.get("p7")?.env, env);
  });
});
