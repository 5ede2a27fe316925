// `npx tsx bench/enroll-batch.ts [--runs N]`: how long one POST /enroll of 500 contacts takes through
// the HTTP API served locally (serveApi) on dynalite, against API Gateway's 29-second limit. Two
// figures: dynalite as it is (in a worker thread, StartExecution answered in-process), and the same
// with a round-trip time added to every store call and every StartExecution, as from a Lambda to
// DynamoDB and Step Functions in one region (what the local servers do not have). Not a test: tests
// never assert on wall time (docs/performance.md).
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { serveApi } from "../src/adapters/local/http-server";
import type { EngineDeps } from "../src/core/engine/deps";
import { startBenchEngine } from "./local-engine";
import { show, spread } from "./stats";

const BATCH = 500;
/** Round trips from a Lambda in the same region: DynamoDB single-item calls, StartExecution. */
const AWS_LIKE = { storeMs: 8, startExecutionMs: 40 };
const KEY = "bench-enroll-key-0123456789";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every method of `target` waits `ms` before it runs (a network round trip the local server lacks). */
function delayed<T extends object>(target: T, ms: (method: string) => number): T {
  return new Proxy(target, {
    get(object, name, receiver) {
      const value = Reflect.get(object, name, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        await sleep(ms(String(name)));
        return value.apply(object, args);
      };
    },
  });
}

function withLatency(deps: EngineDeps): EngineDeps {
  return {
    ...deps,
    store: delayed(deps.store, () => AWS_LIKE.storeMs),
    control: delayed(deps.control, (m) => (m === "startExecution" ? AWS_LIKE.startExecutionMs : 0)),
  };
}

async function oneBatch(deps: EngineDeps, prefix: string): Promise<number> {
  const api = await serveApi({
    engine: deps,
    auth: { apiKeys: [{ name: "bench", key: KEY, scope: "ingest" }], signingSecrets: [] },
  });
  try {
    const contacts = Array.from({ length: BATCH }, (_, i) => ({
      id: `${prefix}-${i}`,
      email: `${prefix}-${i}@example.com`,
      firstName: `Person ${i}`,
      attributes: { plan: "pro" },
    }));
    const started = performance.now();
    const response = await fetch(`${api.url}/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": KEY },
      body: JSON.stringify({ workflow: "trial-nurture", contacts }),
    });
    const body = (await response.json()) as { results: Array<{ status: string }> };
    const seconds = (performance.now() - started) / 1000;
    const enrolled = body.results.filter((result) => result.status === "enrolled").length;
    if (response.status !== 207 || enrolled !== BATCH)
      throw new Error(`${response.status}: ${enrolled} of ${BATCH} enrolled`);
    return seconds;
  } finally {
    await api.close();
  }
}

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
/** The two set-ups measured: dynalite as it is, and with the round trips of AWS added. */
const SETUPS: ReadonlyArray<{ label: string; wrap: (deps: EngineDeps) => EngineDeps }> = [
  { label: "dynalite", wrap: (deps) => deps },
  {
    label: `dynalite + ${AWS_LIKE.storeMs} ms per store call, ${AWS_LIKE.startExecutionMs} ms per StartExecution`,
    wrap: withLatency,
  },
];
const engine = await startBenchEngine();
try {
  for (const { label, wrap } of SETUPS) {
    const seconds: number[] = [];
    for (let run = 0; run < runs; run++) seconds.push(await oneBatch(wrap(await engine.deps()), `r${run}`));
    process.stdout.write(`POST /enroll, ${BATCH} contacts, ${label}: ${show(spread(seconds), "s")}\n`);
  }
} finally {
  await engine.close();
}
