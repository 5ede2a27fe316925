import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { route } from "../http/router";
import { type HttpDeps, problem } from "../http/types";

/** Bytes read from a request at most; the routes refuse anything near this with a 413 first. */
const READ_LIMIT = 4 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > READ_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export interface ServeApiOptions {
  /** Awaited before each request is routed (the live local serve catches its clock up first). */
  beforeRequest?: () => Promise<void>;
}

/** The HTTP API on a loopback port, as the local runtime and the tests serve it. */
export async function serveApi(
  deps: HttpDeps,
  port = 0,
  { beforeRequest }: ServeApiOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      await beforeRequest?.();
      const url = new URL(req.url ?? "/", "http://localhost");
      const body = await readBody(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
      );
      const response =
        body === undefined
          ? problem(413, "too-large", "the body is too large")
          : await route(deps, {
              method: req.method ?? "GET",
              path: url.pathname,
              headers,
              query: Object.fromEntries(url.searchParams),
              body,
            });
      res.writeHead(response.status, response.headers).end(response.body);
    } catch (error) {
      res
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "internal", reason: (error as Error).message }));
    }
  });
  // A port already taken rejects (EADDRINUSE) instead of an unhandled 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
