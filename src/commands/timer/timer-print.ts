import type { TimerHost } from "../../io/process/timer-host.js";
import { ok } from "../../model/result.js";
import type { TimerBackend, TimerOutcome, ToolCommand } from "./timer-backend.js";
import { presentFiles } from "./timer-install.js";

/** `--print`: the files and commands install or uninstall would use, in order; changes nothing. */
export async function printTimer(
  action: "install" | "uninstall",
  backend: TimerBackend,
  host: TimerHost,
): Promise<TimerOutcome> {
  if (backend.kind === "crontab") return ok([backend.line]);
  const shown = (commands: readonly ToolCommand[]) =>
    commands.map((command) => command.map(backend.quote).join(" "));
  if (action === "install") {
    const definitions = backend.files.flatMap((file) => [
      `# ${file.path}`,
      ...file.text.trimEnd().split(/\r?\n/),
      "",
    ]);
    return ok([...definitions, ...shown(backend.load)]);
  }
  // The same steps, in the same order, as a real uninstall: unload, remove, reload.
  const present = await presentFiles(host, backend.files);
  if (present.length === 0) return ok(["no sso-sync timer is installed"]);
  const removals = present.map((file) => `${backend.removeCommand} ${backend.quote(file.path)}`);
  return ok([...shown(backend.unload), ...removals, ...shown(backend.reload)]);
}
