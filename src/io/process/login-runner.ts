import { spawn } from "node:child_process";
import { runTool } from "./run-tool.js";

/** `aws --version`'s first word when it is not AWS CLI v2 (which brought `aws sso login`). */
export async function awsCliNotV2(): Promise<string | undefined> {
  const version = await runTool("aws", ["--version"]);
  if (version.code === 127) return "no aws command on PATH";
  const said = `${version.stdout} ${version.stderr}`.trim().split(/\s+/)[0] ?? "";
  return said.startsWith("aws-cli/2.") ? undefined : `the aws on PATH is ${said || "unknown"}`;
}

/** Runs `aws <args>` on the user's terminal; resolves to its exit code (127 when aws is missing). */
export function runAwsLogin(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("aws", args, { stdio: "inherit", env: { ...env } });
    child.on("error", () => resolve(127));
    child.on("close", (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}
