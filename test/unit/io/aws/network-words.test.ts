import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyAwsError } from "../../../../src/io/aws/aws-error.js";
import { networkWords } from "../../../../src/io/aws/network-words.js";
import { ProxyError } from "../../../../src/io/aws/proxy-agent.js";

const target = {
  where: "the SSO portal for eu-west-1",
  endpoint: "https://portal.sso.eu-west-1.amazonaws.com",
  endpointVariable: "AWS_ENDPOINT_URL_SSO",
};
const proxied = { env: { HTTPS_PROXY: "http://alice:s3cr%40t@proxy.test:3128" } };
const words = (error: unknown, network: Parameters<typeof networkWords>[3] = { env: {} }) =>
  networkWords(classifyAwsError(error), target, 7, network);

describe("networkWords", () => {
  it("names the host that does not resolve, never the bare code", () => {
    const said = words({ name: "Error", code: "ENOTFOUND" });
    assert.equal(
      said,
      "cannot reach the SSO portal for eu-west-1 (https://portal.sso.eu-west-1.amazonaws.com): the name portal.sso.eu-west-1.amazonaws.com does not resolve; check the network, the proxy, or sso_region",
    );
  });
  it("says the certificate is not trusted, by which bundle, and the fix", () => {
    const said = words(
      { name: "Error", code: "SELF_SIGNED_CERT_IN_CHAIN" },
      { env: {}, ca: { path: "/etc/corp.pem", pem: "" } },
    );
    assert.match(
      said ?? "",
      /the certificate of portal\.sso\.eu-west-1\.amazonaws\.com is not trusted by the CA bundle \/etc\/corp\.pem; set AWS_CA_BUNDLE or ca_bundle to your company's CA bundle$/,
    );
  });
  it("names the proxy without its password, and what it answered", () => {
    const shown = "http://alice:***@proxy.test:3128";
    assert.match(
      words(new ProxyError(shown, 407), proxied) ?? "",
      /did not accept the credentials in HTTPS_PROXY \(407\)/,
    );
    assert.match(
      words(new ProxyError("http://proxy.test:3128", 407), {
        env: { HTTPS_PROXY: "http://proxy.test:3128" },
      }) ?? "",
      /needs credentials \(407\); put them in HTTPS_PROXY/,
    );
    assert.match(
      words(new ProxyError(shown, 403), proxied) ?? "",
      /refused the tunnel to portal\.sso\.eu-west-1\.amazonaws\.com \(HTTP 403\)/,
    );
    const dead = new ProxyError(shown, undefined, { cause: { code: "ECONNREFUSED" } });
    assert.match(
      words(dead, proxied) ?? "",
      /the proxy http:\/\/alice:\*\*\*@proxy\.test:3128 cannot be reached \(ECONNREFUSED\)/,
    );
    for (const error of [new ProxyError(shown, 407), dead])
      assert.doesNotMatch(words(error, proxied) ?? "", /s3cr|%40t/);
  });
  it("says how long it waited, and leaves the services' own answers to their callers", () => {
    assert.match(
      words({ name: "AbortError" }) ?? "",
      /^no answer from the SSO portal for eu-west-1 \(https:\/\/portal\.sso\.eu-west-1\.amazonaws\.com\) within 7s; try again or raise --timeout$/,
    );
    assert.equal(
      words({ name: "UnauthorizedException", $metadata: { httpStatusCode: 401 } }),
      undefined,
    );
  });
});
