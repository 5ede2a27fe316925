import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { startedForTests } from "./stand-in";

// The one base of the local stand-ins for services that cannot run here (S3, SQS, Step Functions,
// an SES that records or fails on demand, a Slack webhook): an HTTP server on 127.0.0.1 at a free
// port that reads each request's whole body before its stub answers.

export interface LocalServer {
  endpoint: string;
  /** Stops listening and ends the connections still open (an SDK keeps them alive; a hung answer never ends). */
  close(): Promise<void>;
}

/** What a stub does with one request, given its body as text. */
export type StubHandler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

export async function listenLocally(handle: StubHandler): Promise<LocalServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A stub for the tests of the calling file (or describe block): started before the first, reset
 * after each (so each test sees only its own requests and the default answers), closed after all.
 */
export function stubForTests<T extends LocalServer & { reset(): void }>(start: () => Promise<T>): T {
  const stub = startedForTests(start, (started) => started.close());
  afterEach(() => stub.reset());
  return stub;
}

/** What an SDK client needs to reach a local server: its endpoint, a region and local credentials. */
export function localClientConfig(endpoint: string, region = "us-east-1") {
  return { endpoint, region, credentials: { accessKeyId: "local", secretAccessKey: "local" } };
}
