/**
 * aws-ses-v2-local in-process on 127.0.0.1 and a free port, with an SES v2 client pointed at it.
 * Its mailbox is module-global: every server started in one test file (one worker) shares it.
 */
import "./quiet-sdk";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { createSesClient } from "../../adapters/aws/ses-client";

/** One email as GET /store returns it (aws-ses-v2-local 2.10, dist/store.d.ts `Email`). */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: Array<{ content: string; contentType: string; filename?: string; size: number }>;
  /** Simple or Template content `Headers`, as sent; absent for Raw sends (their headers are dropped). */
  headers?: Array<{ name: string; value: string }>;
  /** Epoch seconds. */
  at: number;
}

export interface LocalSes {
  endpoint: string;
  client: SESv2Client;
  /** Every email received since the last clear(). */
  store(): Promise<StoredEmail[]>;
  /** Empties the mailbox (and the stored templates). */
  clear(): Promise<void>;
  /** Destroys the client and stops the server. */
  close(): Promise<void>;
}

type ServerFactory = (config?: Partial<{ host: string; port: number }>) => Promise<Server>;

/** The package is CommonJS with `exports.default`: depending on the loader it is one or two `default`s deep. */
async function loadFactory(): Promise<ServerFactory> {
  const mod: unknown = await import("aws-ses-v2-local");
  let candidate: unknown = (mod as { default?: unknown }).default;
  if (typeof candidate !== "function") candidate = (candidate as { default?: unknown } | undefined)?.default;
  if (typeof candidate !== "function") throw new Error("aws-ses-v2-local: no server factory export found");
  return candidate as ServerFactory;
}

export async function startLocalSes(): Promise<LocalSes> {
  const factory = await loadFactory();
  // Port 0: express's app.listen passes it through, the OS picks a free port.
  const server = await factory({ host: "127.0.0.1", port: 0 });
  const { port } = server.address() as AddressInfo;
  return localSes(
    `http://127.0.0.1:${port}`,
    () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  );
}

/** A client and mailbox access for a local SES endpoint; `stop` ends the server. */
export function localSes(endpoint: string, stop: () => Promise<void>): LocalSes {
  const client = createSesClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  return {
    endpoint,
    client,
    async store() {
      const res = await fetch(`${endpoint}/store`);
      if (!res.ok) throw new Error(`GET /store answered ${res.status}`);
      const body = (await res.json()) as { emails: StoredEmail[] };
      return body.emails;
    },
    async clear() {
      const res = await fetch(`${endpoint}/clear-store`, { method: "POST" });
      if (!res.ok) throw new Error(`POST /clear-store answered ${res.status}`);
    },
    async close() {
      client.destroy();
      await stop();
    },
  };
}
