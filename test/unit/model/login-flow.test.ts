import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openerCommands } from "../../../src/model/browser-command.js";
import { browserReachable, chooseLoginFlow } from "../../../src/model/login-flow.js";
import { oidcEndpoint } from "../../../src/model/oidc-endpoint.js";

const choice = (over: Partial<Parameters<typeof chooseLoginFlow>[0]>) =>
  chooseLoginFlow({
    isSession: true,
    useDeviceCode: false,
    noBrowser: false,
    env: { DISPLAY: ":0" },
    platform: "linux",
    ...over,
  });

describe("chooseLoginFlow", () => {
  it("uses PKCE in a browser for a session on a desktop", () => {
    assert.deepEqual(choice({}), { kind: "pkce", openBrowser: true });
  });
  it("uses the device code for legacy profiles and when asked", () => {
    assert.deepEqual(choice({ isSession: false }), { kind: "device", openBrowser: true });
    assert.deepEqual(choice({ useDeviceCode: true }), { kind: "device", openBrowser: true });
    assert.deepEqual(choice({ useDeviceCode: true, noBrowser: true }), {
      kind: "device",
      openBrowser: false,
    });
  });
  it("keeps PKCE with --no-browser (the address is printed, the redirect pasted)", () => {
    assert.deepEqual(choice({ noBrowser: true }), { kind: "pkce", openBrowser: false });
  });
  it("falls back to the device code, saying why, where no browser can be reached", () => {
    const flow = choice({ env: {} });
    assert.equal(flow.kind, "device");
    assert.equal(flow.openBrowser, false);
    assert.match(flow.kind === "device" ? (flow.why ?? "") : "", /no browser/);
  });
});

describe("browserReachable", () => {
  it("reads $BROWSER, the display, and SSH on a Mac", () => {
    assert.equal(browserReachable({ BROWSER: "w3m" }, "linux"), true);
    assert.equal(browserReachable({ WAYLAND_DISPLAY: "wayland-0" }, "linux"), true);
    assert.equal(browserReachable({}, "linux"), false);
    assert.equal(browserReachable({}, "darwin"), true);
    assert.equal(browserReachable({ SSH_CONNECTION: "1 2 3 4" }, "darwin"), false);
    assert.equal(browserReachable({}, "win32"), true);
  });
});

describe("openerCommands", () => {
  const url = "https://x.example/a?b=c&d=e";
  it("uses the platform opener without $BROWSER", () => {
    assert.deepEqual(openerCommands(url, {}, "linux"), [["xdg-open", url]]);
    assert.deepEqual(openerCommands(url, {}, "darwin"), [["open", url]]);
    assert.deepEqual(openerCommands(url, {}, "win32"), [
      ["cmd.exe", "/d", "/s", "/c", `start "" "${url}"`],
    ]);
  });
  it("reads $BROWSER as a list of commands, %s standing for the URL", () => {
    assert.deepEqual(
      openerCommands(url, { BROWSER: "'my browser' --new-tab:lynx -dump %s" }, "linux"),
      [
        ["my browser", "--new-tab", url],
        ["lynx", "-dump", url],
      ],
    );
    assert.deepEqual(
      openerCommands(url, { BROWSER: '"C:\\Program Files\\b.exe" -new-tab %s;x' }, "win32"),
      [
        ["C:\\Program Files\\b.exe", "-new-tab", url],
        ["x", url],
      ],
    );
  });
  it("puts the URL in for %s as is, even when it holds $& or $' (no replacement patterns)", () => {
    const odd = "https://device.example/?user_code=AB$&x=$'y$`z$$";
    assert.deepEqual(openerCommands(odd, { BROWSER: "firefox --url=%s" }, "linux"), [
      ["firefox", `--url=${odd}`],
    ]);
  });
});

describe("oidcEndpoint", () => {
  it("honours the SDK's endpoint variables, else the regional endpoint", () => {
    assert.equal(oidcEndpoint("eu-west-1", {}), "https://oidc.eu-west-1.amazonaws.com");
    assert.equal(oidcEndpoint("cn-north-1", {}), "https://oidc.cn-north-1.amazonaws.com.cn");
    assert.equal(
      oidcEndpoint("eu-west-1", { AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9/" }),
      "http://127.0.0.1:9",
    );
    assert.equal(oidcEndpoint("eu-west-1", { AWS_ENDPOINT_URL: "http://h" }), "http://h");
    assert.equal(
      oidcEndpoint("eu-west-1", {
        AWS_ENDPOINT_URL_SSO_OIDC: "http://h",
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true",
      }),
      "https://oidc.eu-west-1.amazonaws.com",
    );
  });
});
