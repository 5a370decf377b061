import { IDENTITY_CENTER_REGIONS } from "../../model/identity-center-regions.js";
import { failed, ok, type Result, usageFailure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import {
  regionInStartUrl,
  regionProblem,
  type SessionWanted,
  sessionNameProblem,
  startUrlProblem,
  suggestedSessionName,
} from "../../model/setup-plan.js";
import { INTERRUPTED } from "../login/login-flow-input.js";

/** The session values as given on the command line; what is absent is asked for at a terminal. */
export interface SetupValues {
  readonly startUrl?: string;
  readonly region?: string;
  readonly session?: string;
}

/** The session to set up, or why there is none. */
export type Gathered = Result<SessionWanted>;

/** How often a question is asked again after an answer that cannot be used. */
const TRIES = 3;

interface Question {
  readonly flag: string;
  readonly prompt: string;
  readonly fallback?: string;
  /** Turns an answer into the value, or says why it cannot be used. */
  readonly check: (answer: string) => { value: string } | { problem: string };
}

const usage = (message: string): Gathered => failed(usageFailure(message));

/**
 * Checks the values given, then asks a person for the missing ones (the start URL, the region
 * from the list where IAM Identity Center runs, the session name); with nobody at the terminal
 * a missing value is a usage error that names it.
 */
export async function gatherValues(
  given: SetupValues,
  configText: string,
  context: CommandContext,
): Promise<Gathered> {
  const checks: Array<[string, string | undefined, (value: string) => string | undefined]> = [
    ["--start-url", given.startUrl, startUrlProblem],
    ["--region", given.region, regionProblem],
    ["--sso-session", given.session, sessionNameProblem],
  ];
  for (const [flag, value, problem] of checks) {
    const why = value === undefined ? undefined : problem(value);
    if (why !== undefined) return usage(`${flag}: ${why}`);
  }
  const missing = checks.filter(([, value]) => value === undefined).map(([flag]) => flag);
  const ask = context.ask;
  if (missing.length > 0 && ask === undefined)
    return usage(
      `setup needs ${listed(missing)}; stdin is not a terminal, so it cannot ask for ${missing.length === 1 ? "it" : "them"}`,
    );
  const answer = (question: Question) => askUntilValid(question, context);
  const startUrl = given.startUrl ?? (await answer(startUrlQuestion()));
  if (typeof startUrl !== "string") return startUrl;
  if (given.region === undefined) context.console.err(regionTable());
  const region = given.region ?? (await answer(regionQuestion(regionInStartUrl(startUrl))));
  if (typeof region !== "string") return region;
  const suggested = suggestedSessionName(startUrl, configText);
  const session = given.session ?? (await answer(sessionQuestion(suggested)));
  if (typeof session !== "string") return session;
  return ok({ name: session, startUrl, region });
}

/** `a`, `a and b`, `a, b and c`. */
function listed(words: readonly string[]): string {
  return words.length <= 1
    ? words.join("")
    : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

function startUrlQuestion(): Question {
  return {
    flag: "--start-url",
    prompt: "AWS access portal URL (the SSO start URL, e.g. https://my-company.awsapps.com/start)",
    check: (answer) => {
      const problem = startUrlProblem(answer);
      return problem === undefined ? { value: answer } : { problem };
    },
  };
}

function regionQuestion(fallback: string | undefined): Question {
  return {
    flag: "--region",
    prompt: "Region of your IAM Identity Center (a name or number above)",
    ...(fallback === undefined ? {} : { fallback }),
    check: (answer) => {
      // A number picks from the table printed above the question.
      const picked = /^\d+$/.test(answer) ? IDENTITY_CENTER_REGIONS[Number(answer) - 1] : answer;
      const value = picked ?? answer;
      const problem = regionProblem(value.toLowerCase());
      return problem === undefined ? { value: value.toLowerCase() } : { problem };
    },
  };
}

function sessionQuestion(fallback: string | undefined): Question {
  return {
    flag: "--sso-session",
    prompt: "Name for the [sso-session] in ~/.aws/config",
    ...(fallback === undefined ? {} : { fallback }),
    check: (answer) => {
      const problem = sessionNameProblem(answer);
      return problem === undefined ? { value: answer } : { problem };
    },
  };
}

/** The regions, numbered, four to a line, for the region question. */
export function regionTable(): string {
  const cells = IDENTITY_CENTER_REGIONS.map(
    (region, index) => `${String(index + 1).padStart(2)} ${region.padEnd(15)}`,
  );
  const rows: string[] = [];
  for (let index = 0; index < cells.length; index += 4)
    rows.push(
      `  ${cells
        .slice(index, index + 4)
        .join(" ")
        .trimEnd()}`,
    );
  return `IAM Identity Center runs in these regions:\n${rows.join("\n")}\n`;
}

/** Asks until an answer can be used (at most TRIES times); Ctrl-D or Ctrl-C end the setup. */
async function askUntilValid(
  question: Question,
  context: CommandContext,
): Promise<string | Gathered> {
  const ask = context.ask;
  if (ask === undefined) return usage(`setup needs ${question.flag}`);
  const shown = question.fallback === undefined ? "" : ` [${question.fallback}]`;
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const answer = await ask(`${question.prompt}${shown}: `);
    if (answer.kind === "interrupted") return INTERRUPTED;
    if (answer.kind === "closed")
      return usage(`setup was given no ${question.flag} (input ended); nothing was written`);
    const text = answer.text === "" ? (question.fallback ?? "") : answer.text;
    const checked = question.check(text);
    if ("value" in checked) return checked.value;
    context.console.err(`sso-sync: ${checked.problem}\n`);
  }
  return usage(`no usable ${question.flag} after ${TRIES} answers; nothing was written`);
}
