import { failureText } from "../../model/result.js";
import { paintWith, type TextStyle } from "../shared/paint.js";
import type { CleanReport } from "./clean-command.js";

/** The stderr lines for `clean`: what went, what stayed and why, and a summary; pure. */
export function formatClean(report: CleanReport, style: TextStyle): string[] {
  const paint = paintWith(style.color);
  if (report.error !== undefined) return [paint("red", `sso-sync: ${failureText(report.error)}`)];
  const problems = [
    ...report.notOwned.map(
      (name) => `${paint("red", "✖")} [${name}] was not written by sso-sync; left alone`,
    ),
    ...report.unmatched.map((spec) => `${paint("yellow", "·")} no section matches '${spec}'`),
  ];
  if (style.quiet) return problems;
  return [...removals(report, paint), ...problems, ...backupNote(report), summary(report)];
}

function removals(report: CleanReport, paint: ReturnType<typeof paintWith>): string[] {
  const verb = report.dryRun ? "would remove" : "removed";
  return report.remove.map((name) => {
    const kept = report.kept.find((entry) => entry.section === name);
    const tail =
      kept === undefined ? "" : `'s keys; the section stays with your ${kept.keys.join(", ")}`;
    return `${paint("green", "✔")} ${verb} [${name}]${tail}`;
  });
}

function backupNote(report: CleanReport): string[] {
  if (report.remove.length === 0 || report.backups.length === 0) return [];
  return [
    `· keys that sections held before sso-sync took them over (--take-over) are in: ${report.backups.join(", ")}`,
  ];
}

function summary(report: CleanReport): string {
  const count = `${report.remove.length} ${report.remove.length === 1 ? "section" : "sections"}`;
  return report.dryRun
    ? `sso-sync clean: dry run: ${count} would be removed from ${report.credentialsFile}; nothing was changed`
    : `sso-sync clean: ${count} removed from ${report.credentialsFile}`;
}
