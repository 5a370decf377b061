import { type Paint, paintWith } from "../shared/paint.js";
import type { PopulateReport } from "./populate-command.js";

/** Populate's report: the diff (data, for stdout) and one summary line (for stderr); pure. */
export function formatPopulate(
  report: PopulateReport,
  color = false,
): { diff: string[]; summary: string } {
  const paint = paintWith(color);
  const diff: string[] = [];
  for (const change of report.changes) diff.push(...changeLines(change, report.session, paint));
  const count = (kind: string) => report.changes.filter((change) => change.kind === kind).length;
  const clashes = count("clash");
  const tail = report.dryRun ? " (dry run; nothing was changed)" : "";
  const summary = `sso-sync populate: ${count("add")} added, ${count("update")} updated, ${count("remove")} removed, ${count("keep")} unchanged, ${count("covered")} already covered, ${clashes} ${clashes === 1 ? "clash" : "clashes"} → ${report.configFile}${tail}`;
  return { diff, summary };
}

function changeLines(
  change: PopulateReport["changes"][number],
  session: string,
  paint: Paint,
): string[] {
  switch (change.kind) {
    case "add":
    case "remove": {
      const sign = change.kind === "add" ? "+" : "-";
      const colour = change.kind === "add" ? "green" : "red";
      return [...change.lines.map((line) => paint(colour, `${sign} ${line}`)), ""];
    }
    case "update":
      return [`~ [profile ${change.profile}] ${change.lines.join(", ")}`];
    case "clash":
      return [
        `${paint("red", "!")} [profile ${change.profile}] exists and was not written by sso-sync populate for session ${session}; left alone (account ${change.accountId}, role ${change.roleName}); choose other names with --template`,
      ];
    case "covered":
      return [
        `= account ${change.accountId}, role ${change.roleName}: [profile ${change.profile}] already uses it; not added (--duplicate adds one anyway)`,
      ];
    default:
      return [];
  }
}
