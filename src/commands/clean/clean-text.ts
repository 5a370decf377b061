import { paintWith, type TextStyle } from "../shared/paint.js";
import type { CleanReport } from "./clean-command.js";

/** The stderr lines for `clean`: what went, what stayed and why, and a summary; pure. */
export function formatClean(report: CleanReport, style: TextStyle): string[] {
  const paint = paintWith(style.color);
  if (report.error !== undefined) return [paint("red", `sso-sync: ${report.error}`)];
  const verb = report.dryRun ? "would remove" : "removed";
  const problems = [
    ...report.notOwned.map(
      (name) => `${paint("red", "✖")} [${name}] was not written by sso-sync; left alone`,
    ),
    ...report.unmatched.map((spec) => `${paint("yellow", "·")} no section matches '${spec}'`),
  ];
  if (style.quiet) return problems;
  const count = `${report.remove.length} ${report.remove.length === 1 ? "section" : "sections"}`;
  return [
    ...report.remove.map((name) => `${paint("green", "✔")} ${verb} [${name}]`),
    ...problems,
    report.dryRun
      ? `sso-sync clean: dry run: ${count} would be removed from ${report.credentialsFile}; nothing was changed`
      : `sso-sync clean: ${count} removed from ${report.credentialsFile}`,
  ];
}
