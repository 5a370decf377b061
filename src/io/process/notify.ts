import { spawn } from "node:child_process";

/** The program, its arguments and extra environment that show one desktop notification. */
export interface NotifyCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

// A toast through the Windows Runtime classes PowerShell 5.1 can load. Toasts need an app id
// Windows knows; PowerShell's own is registered on every Windows 10/11. The texts come in through
// the environment, so nothing in them is ever parsed as PowerShell.
const TOAST_SCRIPT = `$ErrorActionPreference = 'Stop'
$null = [Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime]
$template = [Windows.UI.Notifications.ToastTemplateType]::ToastText02
$xml = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent($template)
$texts = $xml.GetElementsByTagName('text')
$null = $texts.Item(0).AppendChild($xml.CreateTextNode($env:SSO_SYNC_TOAST_TITLE))
$null = $texts.Item(1).AppendChild($xml.CreateTextNode($env:SSO_SYNC_TOAST_MESSAGE))
$app = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe'
$toast = [Windows.UI.Notifications.ToastNotification]::new($xml)
[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($app).Show($toast)
`;

/** How this platform shows a notification: notify-send, osascript, or a PowerShell toast. */
export function notifyCommand(title: string, message: string, platform: string): NotifyCommand {
  if (platform === "win32") {
    // -EncodedCommand takes the script as base64 UTF-16LE: no quoting of it on the command line.
    const encoded = Buffer.from(TOAST_SCRIPT, "utf16le").toString("base64");
    return {
      file: "powershell.exe",
      args: ["-NoProfile", "-NonInteractive", "-WindowStyle", "Hidden", "-EncodedCommand", encoded],
      env: { SSO_SYNC_TOAST_TITLE: title, SSO_SYNC_TOAST_MESSAGE: message },
    };
  }
  if (platform === "darwin")
    return {
      file: "osascript",
      args: ["-e", `display notification ${appleString(message)} with title ${appleString(title)}`],
      env: {},
    };
  return { file: "notify-send", args: ["--app-name=sso-sync", title, message], env: {} };
}

/**
 * Shows a desktop notification where notify-send (Linux), osascript (macOS) or PowerShell
 * (Windows) exists; never fails, and gives up on a helper that does not end within 15 s.
 */
export function notifyDesktop(title: string, message: string, platform: string): Promise<void> {
  const command = notifyCommand(title, message, platform);
  return new Promise((resolve) => {
    const child = spawn(command.file, [...command.args], {
      stdio: "ignore",
      env: { ...process.env, ...command.env },
      windowsHide: true,
    });
    const guard = setTimeout(() => child.kill(), 15_000);
    const done = () => {
      clearTimeout(guard);
      resolve();
    };
    child.on("error", done);
    child.on("close", done);
  });
}

function appleString(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
