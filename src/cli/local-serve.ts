/**
 * `npm start -- --serve`: after the simulation, the API and the dashboard of the simulated data on
 * one loopback port (the router serves both), the HTML report beside them, until Ctrl-C. Its admin
 * key is HANDOFF_LOCAL_KEY when set, else a random one, printed once inside the dashboard's URL
 * (the dashboard reads it from the fragment, which the browser never sends to a server). While it
 * serves, the runtime runs live (src/runtime/live-serve.ts): its clock follows the wall clock and
 * new emails link to the served API.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { localAdminKey, MIN_KEY_LENGTH } from "../adapters/http/keys";
import { serveApi } from "../adapters/local/http-server";
import { describeClockFailure, followWallClock, type LiveClock, linkEmailsTo } from "../runtime/live-serve";
import type { LocalRuntime } from "../runtime/local-runtime";
import type { SampleEmail } from "./mailbox-files";
import { answerMailbox } from "./mailbox-page";
import { bold, dim, red } from "./output";
import { UsageError } from "./usage";

export { DEFAULT_SERVE_PORT } from "./program/local-commands";

export interface ServeSettings {
  /** 0 picks a free port. */
  port: number;
  /** The admin key of the served API. */
  key: string;
}

/** `--port` and the key, checked before the simulation runs (a mistake costs no waiting). */
export function serveSettings(
  port: string,
  environment: Record<string, string | undefined> = process.env,
): ServeSettings {
  const number = Number(port);
  if (!/^\d{1,5}$/.test(port) || number > 65_535)
    throw new UsageError(`--port takes a port from 0 to 65535 (0 picks a free one), not "${port}"`);
  const given = environment.HANDOFF_LOCAL_KEY || undefined; // set but empty: as unset
  if (given !== undefined && given.length < MIN_KEY_LENGTH)
    throw new UsageError(`HANDOFF_LOCAL_KEY must have at least ${MIN_KEY_LENGTH} characters`);
  return { port: number, key: given ?? randomBytes(24).toString("base64url") };
}

/** The API (and the dashboard) on `settings.port`; a taken port is a usage error naming --port. */
async function listen(runtime: LocalRuntime, settings: ServeSettings, beforeRequest: () => Promise<void>) {
  const deps = runtime.http({ apiKeys: [localAdminKey(settings.key)], signingSecrets: [] });
  return serveApi(deps, settings.port, { beforeRequest }).catch((error: unknown) => {
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
    throw new UsageError(`port ${settings.port} is in use: give --port N (--port 0 picks a free one)`);
  });
}

export interface LocalServeOptions extends ServeSettings {
  runtime: LocalRuntime;
  /** Sees what failed while the clock ran live (default: printed on stderr); serving goes on. */
  onError?: (error: Error) => void;
}

export interface LocalServe {
  /** The served API, `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** Its admin key. */
  key: string;
  /** Stops the live clock, then the server. */
  close(): Promise<void>;
}

const printClockFailure = (error: Error) => process.stderr.write(`${red(describeClockFailure(error))}\n`);

/**
 * Serves `runtime`'s API (and dashboard) on `port` of the loopback with the admin `key`, live: the
 * virtual clock follows the wall clock from where it stands, and emails sent from now on link to
 * the served URL. A taken port is a UsageError naming --port.
 */
export async function startLocalServe({
  runtime,
  key,
  port,
  onError = printClockFailure,
}: LocalServeOptions): Promise<LocalServe> {
  let clock: LiveClock | undefined; // started once the URL (the emails' links) is known
  const api = await listen(runtime, { port, key }, async () => clock?.caughtUp());
  linkEmailsTo(runtime, api.url);
  clock = followWallClock(runtime, { onError });
  return {
    url: api.url,
    key,
    async close() {
      await clock?.stop();
      await api.close();
    },
  };
}

export interface ServedRun {
  runtime: LocalRuntime;
  /** The HTML report of the run. */
  reportHtml: string;
  /** The first emails whole (the mailbox page of an in-memory run). */
  sample: readonly SampleEmail[];
  settings: ServeSettings;
}

/** Serves the API, the dashboard, the report and the mailbox, prints where, and returns after Ctrl-C (SIGINT). */
export async function serveUntilInterrupted({
  runtime,
  reportHtml,
  sample,
  settings,
}: ServedRun): Promise<void> {
  const api = await startLocalServe({ runtime, ...settings });
  const report = createServer((req, res) => {
    if (!answerMailbox(sample, req, res))
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(reportHtml);
  });
  await new Promise<void>((resolve) => report.listen(0, "127.0.0.1", resolve));
  const reportUrl = `http://127.0.0.1:${(report.address() as AddressInfo).port}/`;
  const mailbox = runtime.servers.ses
    ? `${runtime.servers.ses.endpoint}/`
    : `${reportUrl}mailbox/ ${dim(`(the first ${sample.length} emails)`)}`;
  process.stdout.write(
    [
      "",
      bold("Serving on localhost until Ctrl-C:"),
      `  dashboard  ${api.url}/#key=${settings.key}`,
      `  API        ${api.url} ${dim("(x-api-key: the key in the dashboard's URL; admin scope)")}`,
      `  report     ${reportUrl}`,
      `  mailbox    ${mailbox}`,
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  report.close();
  await api.close();
}
