import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expandPath, homeDirectory, resolveAwsPaths } from "../../../src/model/aws-paths.js";

describe("aws paths", () => {
  it("finds home like the AWS CLI", () => {
    assert.equal(homeDirectory({ HOME: "/h" }, "/os"), "/h");
    assert.equal(homeDirectory({ USERPROFILE: "C:\\u" }, "/os"), "C:\\u");
    assert.equal(homeDirectory({ HOMEDRIVE: "C:", HOMEPATH: "\\u" }, "/os"), "C:\\u");
    assert.equal(homeDirectory({}, "/os"), "/os");
  });
  it("defaults to ~/.aws and honours the override variables with ~ and $VARS", () => {
    assert.deepEqual(resolveAwsPaths({ HOME: "/h" }, "/os"), {
      configFile: "/h/.aws/config",
      credentialsFile: "/h/.aws/credentials",
      ssoCacheDir: "/h/.aws/sso/cache",
    });
    const paths = resolveAwsPaths(
      {
        HOME: "/h",
        AWS_CONFIG_FILE: "~/cfg",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: botocore expands ${VAR} in this variable
        AWS_SHARED_CREDENTIALS_FILE: "${DIR}/creds",
        DIR: "/d",
      },
      "/os",
    );
    assert.equal(paths.configFile, "/h/cfg");
    assert.equal(paths.credentialsFile, "/d/creds");
    assert.equal(paths.ssoCacheDir, "/h/.aws/sso/cache");
  });
  it("leaves unknown variables as written", () => {
    assert.equal(expandPath("$NOPE/x", {}, "/h"), "$NOPE/x");
  });
});
