import { join } from "node:path";
import type { TimerHost } from "../../io/process/timer-host.js";
import { formatDuration } from "../../model/duration.js";
import { shellWord } from "../../model/shell-word.js";
import type { RunTimes, TimerPlatformSupport } from "./timer-backend.js";
import { MARKER, programWords, type TimerSpec } from "./timer-schedule.js";

/** The systemd unit name (`sso-sync.service`, `sso-sync.timer`). */
export const SYSTEMD_NAME = "sso-sync";

// systemd expands % specifiers in every directive, and $VAR only in Exec lines.
const SYSTEMD_SAFE = /^[A-Za-z0-9_.,:/@+=-]+$/;

/** An ExecStart= word: double-quoted when needed, with C escapes, %% and $$. */
function execWord(word: string, index: number): string {
  const escaped = word
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replaceAll("%", "%%")
    .replaceAll("$", "$$$$");
  // The first word is quoted also when it starts with a prefix systemd reads (-, @, :, +, !).
  const prefixed = index === 0 && /^[-@:+!]/.test(word);
  return SYSTEMD_SAFE.test(word) && !prefixed ? escaped : `"${escaped}"`;
}

/** An Environment= assignment: quoted with C escapes and %%; `$` means nothing there. */
function environmentWord(assignment: string): string {
  const escaped = assignment.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("%", "%%");
  return SYSTEMD_SAFE.test(assignment) ? escaped : `"${escaped}"`;
}

/** The systemd user service: one non-interactive, quiet run; its output goes to the journal. */
export function systemdService(spec: TimerSpec): string {
  const command = [...programWords(spec), ...spec.args].map(execWord).join(" ");
  const env = Object.entries(spec.env).map(
    ([name, value]) => `Environment=${environmentWord(`${name}=${value}`)}`,
  );
  return [
    `# ${MARKER}`,
    "[Unit]",
    "Description=Sync AWS SSO role credentials into ~/.aws/credentials (sso-sync)",
    "",
    "[Service]",
    "Type=oneshot",
    ...env,
    `ExecStart=${command}`,
    "",
  ].join("\n");
}

/** The systemd user timer: once soon after it starts, then every `everyMs`. */
export function systemdTimer(spec: TimerSpec): string {
  const every = formatDuration(spec.everyMs).replace(/([a-z])(?=\d)/g, "$1 ");
  return [
    `# ${MARKER}`,
    "[Unit]",
    `Description=Run sso-sync every ${every}`,
    "",
    "[Timer]",
    "OnActiveSec=10s",
    "OnStartupSec=1min",
    `OnUnitActiveSec=${every}`,
    "AccuracySec=30s",
    "",
    "[Install]",
    "WantedBy=timers.target",
    "",
  ].join("\n");
}

const JOURNAL = `journalctl --user -u ${SYSTEMD_NAME}.service`;
const RELOAD = ["systemctl", "--user", "daemon-reload"];

/** A systemd user timer and its service in $XDG_CONFIG_HOME/systemd/user; output in the journal. */
export const systemd: TimerPlatformSupport = {
  logFile: (place) => join(place.home, ".aws", "sso-sync.log"),
  backend(spec, place) {
    const config = place.env.XDG_CONFIG_HOME || join(place.home, ".config");
    const dir = join(config, "systemd", "user");
    const timer = `${SYSTEMD_NAME}.timer`;
    return {
      ok: true,
      value: {
        kind: "units",
        platform: "systemd",
        files: [
          { path: join(dir, `${SYSTEMD_NAME}.service`), text: systemdService(spec) },
          { path: join(dir, timer), text: systemdTimer(spec) },
        ],
        load: [RELOAD, ["systemctl", "--user", "enable", "--now", timer]],
        unloadBeforeLoad: false,
        unload: [["systemctl", "--user", "disable", "--now", timer]],
        reload: [RELOAD],
        logs: JOURNAL,
        loadHint:
          "; without a user session try: loginctl enable-linger $USER, or use --platform cron",
        quote: shellWord,
        removeCommand: "rm",
        times: systemdTimes,
        foreign: async () => undefined,
      },
    };
  },
};

async function systemdTimes(host: TimerHost): Promise<RunTimes> {
  const show = (unit: string, properties: string) =>
    host.run([
      "systemctl",
      "--user",
      "show",
      `${SYSTEMD_NAME}.${unit}`,
      `--property=${properties}`,
    ]);
  const timer = await show("timer", "NextElapseUSecRealtime,LastTriggerUSec");
  const service = await show("service", "Result,ExecMainStatus");
  const values = new Map(
    `${timer.stdout}\n${service.stdout}`
      .split("\n")
      .map((line) => line.split("=", 2) as [string, string | undefined])
      .filter(([, value]) => value !== undefined),
  );
  const shown = (key: string) => values.get(key) || "unknown";
  return {
    nextRun: shown("NextElapseUSecRealtime"),
    lastRun: shown("LastTriggerUSec"),
    lastResult: `result: ${shown("Result")}, exit ${shown("ExecMainStatus")}`,
    logs: JOURNAL,
  };
}
