import { paintWith } from "../shared/paint.js";
import type { DoctorReport } from "./doctor-command.js";

/** One line per finding (errors first), then a summary; pure. */
export function formatDoctor(report: DoctorReport, color = false): string[] {
  const paint = paintWith(color);
  const sorted = [...report.findings].sort(
    (a, b) => Number(a.severity === "warning") - Number(b.severity === "warning"),
  );
  const lines = sorted.map(
    (finding) =>
      `${finding.severity === "error" ? paint("red", "✖ error") : paint("yellow", "! warning")} [${finding.check}] ${finding.message}; fix: ${finding.fix}`,
  );
  const errors = report.findings.filter((finding) => finding.severity === "error").length;
  const warnings = report.findings.length - errors;
  const summary =
    report.findings.length === 0
      ? `sso-sync doctor: no problems found (${report.configFile}, ${report.credentialsFile}, environment)`
      : `sso-sync doctor: ${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}`;
  // Said only when some profile's calls would not go direct with Node's roots.
  const network = report.network
    .filter((each) => each.proxy !== null || each.caBundle !== null)
    .map(
      (each) =>
        `  network [${each.profile}]: proxy ${each.proxy ?? "none (direct)"}; CA bundle ${each.caBundle ?? "none (Node's roots)"}`,
    );
  return [...lines, ...network, summary];
}

/** `doctor --json`. */
export function doctorJson(report: DoctorReport, exitCode: number): string {
  const body = {
    version: 1,
    exitCode,
    configFile: report.configFile,
    credentialsFile: report.credentialsFile,
    findings: report.findings,
    network: report.network,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
