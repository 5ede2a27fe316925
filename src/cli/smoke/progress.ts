/**
 * Progress of a smoke run on stderr while it waits: a line as each check ends, and every 15 s the
 * checks still waiting (a stage may take minutes to answer, and silence looks like a hang).
 */
import { checkLine } from "./report";
import type { CheckResult } from "./result";

const EVERY_MS = 15_000;

export interface SmokeProgress {
  ended(result: CheckResult): void;
  stop(): void;
}

export function smokeProgress(
  waiting: readonly string[],
  stream: NodeJS.WritableStream = process.stderr,
): SmokeProgress {
  const pending = new Set(waiting);
  const started = performance.now();
  const timer = setInterval(() => {
    const seconds = Math.round((performance.now() - started) / 1000);
    stream.write(`… ${seconds} s, still waiting for ${[...pending].join(", ")}\n`);
  }, EVERY_MS);
  timer.unref();
  return {
    ended(result) {
      pending.delete(result.id);
      const { fix: _whatToDo, ...seen } = result; // the report prints it once, at the end
      stream.write(`${checkLine(seen)}\n`);
    },
    stop: () => clearInterval(timer),
  };
}
