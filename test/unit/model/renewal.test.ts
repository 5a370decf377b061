import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  renewalDelayMs,
  renewalLeadMs,
  renewalMinValidityMs,
  renewalTime,
  retryDelayMs,
} from "../../../src/model/renewal.js";

const at = (ms: number) => new Date(Date.UTC(2026, 11, 4, 10) + ms);
const MINUTE = 60_000;

describe("renewal timing", () => {
  it("renews an hour's credentials 15 minutes ahead (botocore's window), short ones at half-life", () => {
    assert.equal(renewalTime(at(0), at(60 * MINUTE)).getTime(), at(45 * MINUTE).getTime());
    assert.equal(renewalTime(at(0), at(12 * 60 * MINUTE)).getTime(), at(705 * MINUTE).getTime());
    assert.equal(renewalTime(at(0), at(20_000)).getTime(), at(10_000).getTime());
    assert.equal(renewalLeadMs(-5), 0, "credentials already expired: renew now");
  });

  it("waits at least a second, even for credentials that arrived expired", () => {
    assert.equal(renewalDelayMs(at(0), at(60 * MINUTE)), 45 * MINUTE);
    assert.equal(renewalDelayMs(at(0), at(-MINUTE)), 1_000);
  });

  it("asks the sync for more validity than the section being renewed has left", () => {
    const obtained = at(0);
    const expiration = at(60 * MINUTE);
    const leftAtRenewal = expiration.getTime() - renewalTime(obtained, expiration).getTime();
    assert.ok(renewalMinValidityMs(obtained, expiration) > leftAtRenewal);
    assert.ok(renewalMinValidityMs(obtained, expiration) < 60 * MINUTE, "a fresh section serves");
  });

  it("retries a failed renewal within bounds, and not by timer once expired", () => {
    assert.equal(retryDelayMs(40 * MINUTE), 60_000);
    assert.equal(retryDelayMs(2_000), 1_000);
    assert.equal(retryDelayMs(8_000), 2_000);
    assert.equal(retryDelayMs(0), undefined);
  });
});
