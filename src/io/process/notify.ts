import { spawn } from "node:child_process";

/** Shows a desktop notification when notify-send (Linux) or osascript (macOS) exists; never fails. */
export function notifyDesktop(title: string, message: string, platform: string): Promise<void> {
  const command =
    platform === "darwin"
      ? [
          "osascript",
          "-e",
          `display notification ${appleString(message)} with title ${appleString(title)}`,
        ]
      : ["notify-send", "--app-name=sso-sync", title, message];
  return new Promise((resolve) => {
    const [file = "", ...args] = command;
    const child = spawn(file, args, { stdio: "ignore" });
    child.on("error", () => resolve());
    child.on("close", () => resolve());
  });
}

function appleString(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
