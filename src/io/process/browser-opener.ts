import { spawn } from "node:child_process";
import { openerCommands } from "../../model/browser-command.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Starts one opener, detached so it may outlive us; false when it could not be started. */
function startDetached(words: string[], env: Env, platform: NodeJS.Platform): Promise<boolean> {
  const [command, ...args] = words;
  if (command === undefined) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      detached: true,
      stdio: "ignore",
      env: env as NodeJS.ProcessEnv,
      windowsVerbatimArguments: platform === "win32" && command === "cmd.exe",
      windowsHide: true,
    });
    child.once("error", () => resolve(false));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
}

/** Opens `url` in the person's browser; false when no opener could be started. */
export async function openBrowser(
  url: string,
  env: Env,
  platform: NodeJS.Platform,
): Promise<boolean> {
  for (const words of openerCommands(url, env, platform))
    if (await startDetached(words, env, platform)) return true;
  return false;
}
