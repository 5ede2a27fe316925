/**
 * A stage for `handoff smoke` to test, built in the test: a real LocalRuntime (memory backend) of
 * the sample workspace, served live on loopback (startLocalServe), with SES's side and the ports
 * broken on purpose where a test asks; and `handoff smoke` run against it as a user runs it.
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { startLocalServe } from "../../src/cli/local-serve";
import type { SmokeReport } from "../../src/cli/smoke/result";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import type { SimulatorOutcome } from "../../src/core/smoke";
import { LocalRuntime, type RuntimeOptions } from "../../src/runtime/local-runtime";
import { type CliRun, handoffInBackground } from "./cli";
import { REPO } from "./workspace";

/** A Monday, 09:00 in New York: the sample's send windows are open (the smoke workflows have none). */
const START = new Date("2026-03-02T14:00:00Z");
export const SMOKE_TEST_KEY = "smoke-test-admin-key-0123456789abcdef";

/** Compiled once for every stage of a test file. */
let compiled: ReturnType<typeof catalogFromWorkspace> | undefined;

export interface SmokeStage {
  url: string;
  key: string;
  runtime: LocalRuntime;
  /** What failed while the clock ran live (an action that threw: a port broken on purpose). */
  clockErrors: Error[];
  close(): Promise<void>;
}

/** A live local stage, broken as `options` says (sesSimulator, decorate). */
export async function smokeStage(
  options: Pick<RuntimeOptions, "sesSimulator" | "decorate"> = {},
): Promise<SmokeStage> {
  compiled ??= catalogFromWorkspace({ cwd: REPO });
  const runtime = await LocalRuntime.start({
    cwd: REPO,
    start: START,
    backend: "memory",
    catalog: await compiled,
    ...options,
  });
  const clockErrors: Error[] = [];
  const served = await startLocalServe({
    runtime,
    key: SMOKE_TEST_KEY,
    port: 0,
    onError: (error) => clockErrors.push(error),
  });
  return {
    url: served.url,
    key: served.key,
    runtime,
    clockErrors,
    async close() {
      await served.close();
      await runtime.close();
    },
  };
}

export interface SmokeOutcome extends CliRun {
  report: SmokeReport;
}

/** `handoff smoke --json` against `url` (each check waiting up to `timeout` s); its exit code and report. */
export async function runSmoke(url: string, key: string, timeout: number): Promise<SmokeOutcome> {
  const run = await handoffInBackground([
    "smoke",
    "--api",
    url,
    "--api-key",
    key,
    "--timeout",
    String(timeout),
    "--json",
  ]);
  return { ...run, report: JSON.parse(run.stdout || "{}") as SmokeReport };
}

/** The result of check `id` in `report`. */
export function checkOf(report: SmokeReport, id: string) {
  const found = report.checks.find((check) => check.id === id);
  if (!found) throw new Error(`no check ${id} in ${JSON.stringify(report)}`);
  return found;
}

/** A check's contact id (src/cli/smoke/plan.ts names them `<run>-<check>`). */
export const smokeContactIds = (report: SmokeReport) => [
  ...report.checks.filter((check) => check.id !== "erasure").map((check) => `${report.run}-${check.id}`),
  `${report.run}-reply-from`,
];

/** True when the address is SES's mailbox simulator address for `outcome` (with the run's `+label`). */
export const addressOf = (outcome: SimulatorOutcome) => (email: string) => email.startsWith(`${outcome}+`);

/**
 * A proxy in front of `target` that answers `answer(method, path)` itself when it returns a status
 * (a broken route), and forwards every other request as it is.
 */
export async function brokenProxy(
  target: string,
  answer: (method: string, path: string) => number | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const status = answer(req.method ?? "GET", req.url ?? "/");
    if (status !== undefined) {
      res.writeHead(status, { "content-type": "application/json" }).end('{"error":"broken-on-purpose"}');
      return;
    }
    const forwarded = httpRequest(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      (back) => {
        res.writeHead(back.statusCode ?? 502, back.headers);
        back.pipe(res);
      },
    );
    forwarded.on("error", () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** `target` with its method `name` answered by `replacement` (bound to nothing), every other member untouched. */
export function withMethod<T extends object, K extends keyof T>(target: T, name: K, replacement: T[K]): T {
  return new Proxy(target, {
    get: (object, key, receiver) => {
      if (key === name) return replacement;
      const value = Reflect.get(object, key, receiver);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/** What AWS answers a role without the permission (the error's name is what Handoff classifies). */
export function accessDenied(action: string): Error {
  const error = new Error(`User is not authorized to perform: ${action} (broken on purpose)`);
  error.name = "AccessDeniedException";
  return error;
}

/**
 * `handoff smoke` against a stage broken as `options` says; `via` puts something between the CLI
 * and the stage (a proxy) or breaks the stage once it serves (its links base). The stage is closed after.
 */
export async function smokeAgainstBroken(
  options: Pick<RuntimeOptions, "sesSimulator" | "decorate">,
  timeout: number,
  via?: (stage: SmokeStage) => Promise<{ url: string; close(): Promise<void> }>,
): Promise<SmokeOutcome> {
  const stage = await smokeStage(options);
  try {
    const front = via ? await via(stage) : undefined;
    try {
      return await runSmoke(front?.url ?? stage.url, stage.key, timeout);
    } finally {
      await front?.close();
    }
  } finally {
    await stage.close();
  }
}

/** The checks of `report` by status: `{ fail: [...], pass: [...], skip: [...] }`. */
export function byStatus(report: SmokeReport): Record<string, string[]> {
  const grouped: Record<string, string[]> = { pass: [], fail: [], skip: [] };
  for (const check of report.checks) grouped[check.status]!.push(check.id);
  return grouped;
}
