import type { Console } from "../../model/run-context.js";
import { needsText, type SyncReport } from "../../model/sync-result.js";
import { reportJson } from "./report-json.js";
import { formatReport } from "./report-text.js";

/** How a sync report is shown: JSON on stdout, or text on stderr (only problems with `quiet`). */
export interface ReportStyle {
  readonly json: boolean;
  readonly quiet: boolean;
}

/** Prints a sync report the way the user asked. */
export async function printSyncReport(
  report: SyncReport,
  style: ReportStyle,
  console: Console,
  now: Date,
): Promise<void> {
  if (style.json) {
    console.out(reportJson(report));
    return;
  }
  if (!needsText(report, style.quiet)) return;
  const lines = formatReport(report, now, { quiet: style.quiet, color: console.color });
  if (lines.length > 0) console.err(`${lines.join("\n")}\n`);
}
