import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bypassesProxy,
  isProxyProblem,
  parseProxyUrl,
  proxyFor,
  proxyVariablesProblem,
} from "../../../src/model/proxy-env.js";

describe("NO_PROXY, as urllib's proxy_bypass_environment reads it for botocore", () => {
  const bypass = (noProxy: string, host: string, port?: number) =>
    bypassesProxy(host, port, { NO_PROXY: noProxy });
  it("matches names and every name under them, with or without the leading dot", () => {
    assert.equal(bypass("corp.example", "corp.example"), true);
    assert.equal(bypass("corp.example", "portal.corp.example"), true);
    assert.equal(bypass(".corp.example", "portal.corp.example"), true);
    assert.equal(bypass(".corp.example", "corp.example"), true);
    assert.equal(bypass("corp.example", "badcorp.example"), false);
    assert.equal(bypass(" a.test , Corp.Example ", "x.corp.example"), true);
  });
  it("takes * alone as everything, IP addresses as written, host:port only for that port", () => {
    assert.equal(bypass("*", "anything.test"), true);
    assert.equal(bypass("*,a.test", "b.test"), false);
    assert.equal(bypass("127.0.0.1", "127.0.0.1", 8443), true);
    assert.equal(bypass("10.0.0.0/8", "10.1.2.3"), false, "no CIDR, as botocore");
    assert.equal(bypass("aws.test:8443", "aws.test", 8443), true);
    assert.equal(bypass("aws.test:8443", "aws.test", 9443), false);
    assert.equal(bypass("aws.test:8443", "aws.test"), false);
  });
  it("prefers the lower-case variable, and an empty lower-case one means none", () => {
    assert.equal(
      bypassesProxy("a.test", undefined, { no_proxy: "a.test", NO_PROXY: "b.test" }),
      true,
    );
    assert.equal(bypassesProxy("b.test", undefined, { no_proxy: "", NO_PROXY: "b.test" }), false);
  });
});

describe("the proxy for a request", () => {
  it("HTTPS_PROXY for https, HTTP_PROXY for http, lower case first, ALL_PROXY not read", () => {
    const env = { HTTPS_PROXY: "http://up:1", https_proxy: "http://low:2", HTTP_PROXY: "plain:3" };
    const https = proxyFor("https", "aws.test", undefined, env);
    assert.ok(https && !isProxyProblem(https));
    assert.equal(https.url, "http://low:2");
    assert.equal(https.variable, "https_proxy");
    const http = proxyFor("http", "aws.test", undefined, env);
    assert.ok(http && !isProxyProblem(http));
    assert.equal(http.url, "http://plain:3", "a value without a scheme is http://");
    assert.equal(proxyFor("https", "a.test", undefined, { ALL_PROXY: "http://x:1" }), undefined);
  });
  it("percent-decodes the credentials into a header and never shows the password", () => {
    const proxy = parseProxyUrl("http://alice:p%40ss%20w%3Ard@proxy.test:3128", "HTTPS_PROXY");
    assert.ok(!isProxyProblem(proxy));
    assert.equal(proxy.url, "http://proxy.test:3128");
    assert.equal(proxy.shown, "http://alice:***@proxy.test:3128");
    const decoded = Buffer.from(proxy.authorization?.slice(6) ?? "", "base64").toString();
    assert.equal(decoded, "alice:p@ss w:rd");
  });
  it("names the variable, not its value, when it is no URL", () => {
    assert.equal(
      proxyVariablesProblem({ HTTPS_PROXY: "http://u:%zz@proxy:1" }),
      "HTTPS_PROXY has a badly percent-encoded user or password",
    );
    assert.equal(proxyVariablesProblem({ HTTPS_PROXY: "http://proxy:1" }), undefined);
  });
});
