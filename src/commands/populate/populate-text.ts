import type { PopulateReport } from "./populate-command.js";

/** The diff-like report of populate; pure. */
export function formatPopulate(report: PopulateReport): string[] {
  if (report.error !== undefined) return [`sso-sync: ${report.error.message}`];
  const lines: string[] = [];
  for (const change of report.changes) {
    if (change.kind === "add" || change.kind === "remove") {
      const sign = change.kind === "add" ? "+" : "-";
      lines.push(...change.lines.map((line) => `${sign} ${line}`), "");
    } else if (change.kind === "update") {
      lines.push(`~ [profile ${change.profile}] ${change.lines.join(", ")}`);
    } else if (change.kind === "clash") {
      lines.push(
        `! [profile ${change.profile}] exists and was not written by sso-sync populate for session ${report.session}; left alone (account ${change.accountId}, role ${change.roleName}); choose other names with --template`,
      );
    }
  }
  const count = (kind: string) => report.changes.filter((change) => change.kind === kind).length;
  const tail = report.dryRun ? " (dry run; nothing was changed)" : "";
  lines.push(
    `sso-sync populate: ${count("add")} added, ${count("update")} updated, ${count("remove")} removed, ${count("keep")} unchanged, ${count("clash")} clashes → ${report.configFile}${tail}`,
  );
  return lines;
}
