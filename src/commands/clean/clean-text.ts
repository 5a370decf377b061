import type { CleanReport } from "./clean-command.js";

/** The stderr lines for `clean`: what went, what stayed and why, and a summary; pure. */
export function formatClean(report: CleanReport): string[] {
  if (report.error !== undefined) return [`sso-sync: ${report.error}`];
  const verb = report.dryRun ? "would remove" : "removed";
  const lines = [
    ...report.remove.map((name) => `✔ ${verb} [${name}]`),
    ...report.notOwned.map((name) => `✖ [${name}] was not written by sso-sync; left alone`),
    ...report.unmatched.map((spec) => `· no section matches '${spec}'`),
  ];
  const count = `${report.remove.length} ${report.remove.length === 1 ? "section" : "sections"}`;
  lines.push(
    report.dryRun
      ? `sso-sync clean: dry run: ${count} would be removed from ${report.credentialsFile}; nothing was changed`
      : `sso-sync clean: ${count} removed from ${report.credentialsFile}`,
  );
  return lines;
}
