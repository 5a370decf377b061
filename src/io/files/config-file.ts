import { readFile } from "node:fs/promises";

/** The config file's text, or a one-line reason it cannot be read. */
export type ConfigRead =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string };

/** Reads ~/.aws/config (or AWS_CONFIG_FILE), explaining each way that can fail. */
export async function readConfigFile(path: string): Promise<ConfigRead> {
  try {
    return { ok: true, text: await readFile(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      return {
        ok: false,
        message: `no AWS config file at ${path}; create an SSO profile with: aws configure sso`,
      };
    if (code === "EISDIR")
      return { ok: false, message: `${path} is a directory, not the AWS config file` };
    if (code === "EACCES" || code === "EPERM")
      return { ok: false, message: `cannot read ${path}: permission denied` };
    return { ok: false, message: `cannot read ${path}: ${code ?? String(error)}` };
  }
}
