import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's AWS CLI v2 (which vendors botocore as awscli.botocore) and boto2, from .ci/run. */
export const AWS_CLI = "/usr/bin/aws";
export const DEBIAN_PYTHON = "/usr/bin/python3";

function pythonImports(module: string): boolean {
  return spawnSync(DEBIAN_PYTHON, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;
}

/** The Debian package that is missing for these interop tests, if any. */
export function missingConsumer(): string | undefined {
  if (!existsSync(AWS_CLI) || !pythonImports("awscli.botocore.tokens")) return "awscli";
  return pythonImports("boto") ? undefined : "python3-boto";
}

/**
 * The `skip` option for an interop test: on a machine without the consumers it is reported as
 * skipped (never passed); .ci/run sets SSO_SYNC_REQUIRE_INTEROP=1, and there it runs and fails.
 */
export function interopSkip(): string | false {
  const missing = missingConsumer();
  if (missing === undefined || process.env.SSO_SYNC_REQUIRE_INTEROP === "1") return false;
  return `needs Debian's ${missing}: apt-get install awscli python3-boto`;
}

/** The AWS CLI's arguments for `sts get-caller-identity` as `profile`, against the fake at `url`. */
export function callerIdentityArgs(profile: string, url: string): string[] {
  return [
    "sts",
    "get-caller-identity",
    "--profile",
    profile,
    "--region",
    "eu-west-1",
    "--endpoint-url",
    url,
    "--output",
    "json",
  ];
}
