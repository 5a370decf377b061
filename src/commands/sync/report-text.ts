import { loginAdvice } from "../../model/sso-profiles.js";
import type { ProfileResult, SectionAction, SyncReport } from "../../model/sync-result.js";
import { type Paint, paintWith, type TextStyle } from "../shared/paint.js";
import { whenPhrase } from "../shared/time-phrase.js";

/** The stderr lines for a sync report: one per profile (one per SSO session needing login), then a summary. */
export function formatReport(report: SyncReport, now: Date, style: TextStyle): string[] {
  const paint = paintWith(style.color);
  if (report.fatal !== undefined) {
    const lines = report.results
      .filter((result) => result.status !== "synced")
      .flatMap((result) => profileLines(result, report, now, paint));
    return [...lines, paint("red", `sso-sync: ${report.fatal.message}`)];
  }
  const lines: string[] = [];
  const loginShown = new Set<string>();
  for (const result of report.results) {
    if (style.quiet && ["synced", "fresh", "would-sync"].includes(result.status)) continue;
    if (result.status === "login-needed") {
      if (loginShown.has(result.tokenKey ?? "")) continue;
      loginShown.add(result.tokenKey ?? "");
      lines.push(loginLine(result, report.results, paint));
    } else {
      lines.push(...profileLines(result, report, now, paint));
    }
  }
  for (const problem of report.fileProblems ?? [])
    lines.push(
      paint(
        "red",
        `✖ ${report.credentialsFile} line ${problem.line}: ${problem.message}; the AWS CLI and boto3 reject the whole file: fix it by hand (sso-sync doctor lists every problem)`,
      ),
    );
  if (!style.quiet) lines.push(summaryLine(report));
  return lines;
}

function profileLines(
  result: ProfileResult,
  report: SyncReport,
  now: Date,
  paint: Paint,
): string[] {
  const arrow = `${result.profile} → [${result.section}]`;
  switch (result.status) {
    case "synced": {
      const until =
        result.expiration === undefined ? "" : ` valid until ${whenPhrase(result.expiration, now)}`;
      const backup =
        result.action === "took-over" && report.backupFile
          ? ` (took the section over; backup: ${report.backupFile})`
          : "";
      return [`${paint("green", "✔")} ${arrow}${until}${backup}`];
    }
    case "fresh": {
      const until =
        result.expiration === undefined ? "" : ` until ${whenPhrase(result.expiration, now)}`;
      return [`${paint("green", "✔")} ${arrow} still valid${until}; not fetched`];
    }
    case "would-sync":
      return [`${paint("dim", "·")} ${arrow} would be ${actionWords(result.action)} (dry run)`];
    case "login-needed":
      return [loginLine(result, report.results, paint)];
    case "failed":
      return [`${paint("red", "✖")} ${result.profile}: ${result.reason ?? "failed"}`];
  }
}

function loginLine(result: ProfileResult, all: readonly ProfileResult[], paint: Paint): string {
  const profiles = all
    .filter((other) => other.status === "login-needed" && other.tokenKey === result.tokenKey)
    .map((other) => other.profile);
  const names = [...new Set(profiles)].join(", ");
  return `${paint("yellow", "!")} login needed for ${names}: ${result.reason}; run: ${loginAdvice(result.loginCommand ?? "", result.awsLoginCommand)}`;
}

function actionWords(action: SectionAction | undefined): string {
  if (action === "took-over") return "taken over (a backup is kept)";
  return action === "created" ? "created" : "updated";
}

function summaryLine(report: SyncReport): string {
  const count = (status: ProfileResult["status"]) =>
    report.results.filter((result) => result.status === status).length;
  if (report.dryRun) {
    return `sso-sync: dry run: ${count("would-sync")} would be written to ${report.credentialsFile}, ${count("fresh")} fresh, ${needLogin(count("login-needed"))}, ${count("failed")} failed; nothing was changed`;
  }
  return `sso-sync: ${count("synced")} synced, ${count("fresh")} fresh, ${needLogin(count("login-needed"))}, ${count("failed")} failed → ${report.credentialsFile}`;
}

function needLogin(count: number): string {
  return `${count} ${count === 1 ? "needs" : "need"} login`;
}
