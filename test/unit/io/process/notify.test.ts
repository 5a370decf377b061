import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { notifyCommand } from "../../../../src/io/process/notify.js";

describe("notifyCommand", () => {
  it("Windows: a hidden PowerShell toast whose texts come only through the environment", () => {
    const title = "sso-sync";
    const message = "login needed: aws sso login --sso-session 'x'; Remove-Item C:\\ -Recurse";
    const command = notifyCommand(title, message, "win32");
    assert.equal(command.file, "powershell.exe");
    const at = command.args.indexOf("-EncodedCommand");
    assert.deepEqual(command.args.slice(0, at), [
      "-NoProfile",
      "-NonInteractive",
      "-WindowStyle",
      "Hidden",
    ]);
    const script = Buffer.from(command.args[at + 1] ?? "", "base64").toString("utf16le");
    assert.match(script, /ToastNotificationManager/);
    assert.match(script, /CreateTextNode\(\$env:SSO_SYNC_TOAST_MESSAGE\)/);
    assert.equal(script.includes("Remove-Item"), false, "the message is not in the script");
    assert.equal(command.args.join(" ").includes("Remove-Item"), false);
    assert.deepEqual(command.env, { SSO_SYNC_TOAST_TITLE: title, SSO_SYNC_TOAST_MESSAGE: message });
  });

  it("Linux and macOS: notify-send and osascript, as before", () => {
    assert.deepEqual(notifyCommand("t", "m", "linux"), {
      file: "notify-send",
      args: ["--app-name=sso-sync", "t", "m"],
      env: {},
    });
    assert.deepEqual(notifyCommand("t", 'say "hi"', "darwin").args, [
      "-e",
      'display notification "say \\"hi\\"" with title "t"',
    ]);
  });
});
