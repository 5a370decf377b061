import { spawn } from "node:child_process";

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
