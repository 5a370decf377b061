import { join } from "node:path";
import { shellWord } from "../../model/shell-word.js";
import type { TimerPlatformSupport } from "./timer-backend.js";
import { logFileTimes } from "./timer-log-times.js";
import { MARKER, programWords, type TimerSpec, xml } from "./timer-schedule.js";

/** The launchd agent's label and plist name. */
export const LAUNCHD_LABEL = "io.github.sso-sync";

/** The launchd agent: runs at load and every `everyMs`; output appended to `logFile`. */
export function launchdPlist(spec: TimerSpec): string {
  const strings = (values: readonly string[]) =>
    values.map((value) => `    <string>${xml(value)}</string>`);
  const env = Object.entries(spec.env).flatMap(([name, value]) => [
    `    <key>${xml(name)}</key>`,
    `    <string>${xml(value)}</string>`,
  ]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- ${MARKER} -->`,
    '<plist version="1.0">',
    "<dict>",
    "  <key>Label</key>",
    `  <string>${LAUNCHD_LABEL}</string>`,
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...strings([...programWords(spec), ...spec.args]),
    "  </array>",
    ...(env.length > 0
      ? ["  <key>EnvironmentVariables</key>", "  <dict>", ...env, "  </dict>"]
      : []),
    "  <key>StartInterval</key>",
    `  <integer>${Math.round(spec.everyMs / 1000)}</integer>`,
    "  <key>RunAtLoad</key>",
    "  <true/>",
    "  <key>ProcessType</key>",
    "  <string>Background</string>",
    "  <key>StandardOutPath</key>",
    `  <string>${xml(spec.logFile)}</string>`,
    "  <key>StandardErrorPath</key>",
    `  <string>${xml(spec.logFile)}</string>`,
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
}

/** A launchd agent in ~/Library/LaunchAgents, bootstrapped into the user's GUI domain. */
export const launchd: TimerPlatformSupport = {
  logFile: (place) => join(place.home, "Library", "Logs", "sso-sync.log"),
  backend(spec, place) {
    const plist = join(place.home, "Library", "LaunchAgents", `${LAUNCHD_LABEL}.plist`);
    const domain = `gui/${place.uid}`;
    return {
      ok: true,
      value: {
        kind: "units",
        platform: "launchd",
        files: [{ path: plist, text: launchdPlist(spec) }],
        load: [["launchctl", "bootstrap", domain, plist]],
        unloadBeforeLoad: true,
        unload: [["launchctl", "bootout", domain, plist]],
        reload: [],
        loadHint: "",
        quote: shellWord,
        removeCommand: "rm",
        times: (host, now) => logFileTimes(host, spec.logFile, spec.everyMs, now),
        foreign: async () => undefined,
      },
    };
  },
};
