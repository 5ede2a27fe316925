/**
 * `npm start -- --serve`: after the simulation, the API and the dashboard of the simulated data on
 * one loopback port (the router serves both), the HTML report beside them, until Ctrl-C. Its admin
 * key is HANDOFF_LOCAL_KEY when set, else a random one, printed once inside the dashboard's URL
 * (the dashboard reads it from the fragment, which the browser never sends to a server).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { localAdminKey, MIN_KEY_LENGTH } from "../adapters/http/keys";
import { serveApi } from "../adapters/local/http-server";
import type { LocalRuntime } from "../runtime/local-runtime";
import type { SampleEmail } from "./mailbox-files";
import { answerMailbox } from "./mailbox-page";
import { bold, dim } from "./output";
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
async function listen(runtime: LocalRuntime, settings: ServeSettings) {
  const deps = runtime.http({ apiKeys: [localAdminKey(settings.key)], signingSecrets: [] });
  return serveApi(deps, settings.port).catch((error: unknown) => {
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
    throw new UsageError(`port ${settings.port} is in use: give --port N (--port 0 picks a free one)`);
  });
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
  const api = await listen(runtime, settings);
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
