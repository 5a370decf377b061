import type { Answer } from "../model/run-context.js";

/** Asks one question on the terminal (stderr) and waits for the line typed, Ctrl-D or Ctrl-C. */
export async function askQuestion(question: string): Promise<Answer> {
  const { createInterface } = await import("node:readline");
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const settle = (answer: Answer) => {
      if (settled) return;
      settled = true;
      terminal.close();
      // Let go of stdin so it does not keep the process alive, nor eat a later child's input.
      process.stdin.pause();
      resolve(answer);
    };
    // In raw mode Ctrl-C reaches readline as a key, not as a signal: without this listener
    // readline would only pause, and the question would wait for ever.
    terminal.on("SIGINT", () => {
      process.stderr.write("\n");
      settle({ kind: "interrupted" });
    });
    terminal.on("close", () => settle({ kind: "closed" }));
    terminal.question(question, (text) => settle({ kind: "answer", text: text.trim() }));
  });
}
