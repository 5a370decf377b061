// Run as exec --server's child: talks to the credentials endpoint named in its environment with
// raw HTTP (so headers can be left out or forged) and prints what it saw as JSON lines.
import { type Answer, ask } from "./endpoint-ask.js";

const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? "";
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? "";
const host = new URL(url || "http://127.0.0.1/").host;
const authorized = () => ask(url, { authorization: token });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const keyOf = (answer: Answer) =>
  answer.status === 200 ? (JSON.parse(answer.body) as { AccessKeyId: string }).AccessKeyId : "";

/** Polls every 200 ms (at most `tries` times) until `done` holds for an answer. */
async function pollUntil(done: (answer: Answer) => boolean, tries: number): Promise<Answer> {
  for (let attempt = 0; attempt < tries; attempt++) {
    const answer = await authorized();
    if (done(answer)) return answer;
    await pause(200);
  }
  throw new Error("the endpoint never gave the answer waited for");
}

const modes: Record<string, () => Promise<void>> = {
  // Every refusal, then a good answer, and the variables the child was given.
  probe: async () => {
    const names = Object.keys(process.env).filter((name) => name.startsWith("AWS_"));
    say({
      env: Object.fromEntries(names.map((name) => [name, process.env[name]])),
      noToken: await ask(url, {}),
      wrongToken: await ask(url, { authorization: `${token}x` }),
      bearer: await ask(url, { authorization: `Bearer ${token}` }),
      otherHost: await ask(url, {
        authorization: token,
        host: `attacker.example:${host.split(":")[1]}`,
      }),
      post: await ask(url, { authorization: token }, "POST"),
      otherPath: await ask(new URL("/other", url).href, { authorization: token }),
      good: await authorized(),
    });
  },
  // Distinct keys, until argv[3] of them were served (each a renewal), and when each came first.
  keys: async () => {
    const wanted = Number(process.argv[3] ?? "2");
    const seen: string[] = [];
    const firstServed: number[] = [];
    await pollUntil((answer) => {
      const key = keyOf(answer);
      if (key !== "" && !seen.includes(key)) {
        seen.push(key);
        firstServed.push(Date.now());
      }
      return seen.length >= wanted;
    }, 150);
    say({ keys: seen, firstServed });
  },
  // Serves until an error, says so, and waits for keys again (after the test logs in).
  "until-error": async () => {
    const first = await pollUntil((answer) => answer.status === 200, 10);
    say({ first: keyOf(first) });
    const failed = await pollUntil((answer) => answer.status !== 200, 150);
    say({ failed });
    // The SDKs ask again at once: further refusals are not said again on stderr.
    for (let again = 0; again < 3; again++) await authorized();
    say({ waiting: true });
    const back = await pollUntil((answer) => answer.status === 200, 150);
    say({ back: keyOf(back) });
  },
};

await (modes[process.argv[2] ?? ""] ?? (() => Promise.reject(new Error("no such mode"))))();
