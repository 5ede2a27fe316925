import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import dynalite from "dynalite";
// Drops only the SDK's NodeVersionSupportWarning (it wraps process.emitWarning once per process).
import "./quiet-sdk";

/** dynalite wants a SigV4-shaped Authorization header but checks no signature. */
const LOCAL_AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000";

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  close(): Promise<void>;
}

/** An in-process dynalite on a free loopback port, with SDK v3 clients pointed at it. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return localDynamo(`http://127.0.0.1:${port}`, async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });
}

/** Clients for a local DynamoDB endpoint; `close` destroys them, then `stop` ends the server. */
export function localDynamo(endpoint: string, stop: () => Promise<void>): LocalDynamo {
  const { client, doc } = dynamoClients(endpoint);
  return {
    endpoint,
    client,
    doc,
    async close() {
      doc.destroy();
      client.destroy();
      await stop();
    },
  };
}

/** SDK clients for a local DynamoDB endpoint (no real signing: the server checks none). */
export function dynamoClients(endpoint: string): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    // A loopback server checks no signature: skipping SigV4 saves a third of the client's CPU.
    signer: {
      sign: async (request) => {
        const r = request as { headers: Record<string, string> };
        r.headers.authorization = LOCAL_AUTHORIZATION;
        r.headers["x-amz-date"] = "20260101T000000Z";
        return request;
      },
    },
    maxAttempts: 2,
  });
  return { client, doc: DynamoDBDocumentClient.from(client) };
}
