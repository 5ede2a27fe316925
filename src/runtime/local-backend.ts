import { DynamoDbContactStore } from "../adapters/aws/dynamodb-store";
import { SesMailer } from "../adapters/aws/ses-mailer";
import { createTable } from "../adapters/aws/table-schema";
import { CapturedMailer, type CapturedMailerOptions } from "../adapters/local/captured-mailer";
import { MemoryContactStore } from "../adapters/local/memory-store";
import type { Clock, ContactStore, Mailer } from "../core/ports";
import type { LocalDynamo } from "./local-servers/dynalite-server";
import { startServersThread } from "./local-servers/servers-thread";
import type { LocalSes } from "./local-servers/ses-server";

/** Where the local runtime keeps contacts and sends email. */
export type BackendKind = "servers" | "memory";

export interface LocalBackend {
  store: ContactStore;
  mailer: Mailer;
  /** The in-memory mailbox ("memory" only; on the servers aws-ses-v2-local keeps the emails). */
  mailbox?: CapturedMailer;
  /** The local servers ("servers" only), stopped by the runtime's close(). */
  servers: { dynamo?: LocalDynamo; ses?: LocalSes };
}

/** The table and configuration set the "servers" backend creates. */
const LOCAL_NAME = "handoff-local";

/**
 * "servers": dynalite and aws-ses-v2-local in a worker thread, reached through the AWS adapters as
 * on AWS; "memory": the in-memory store and a capturing mailer.
 */
export async function startLocalBackend(
  kind: BackendKind,
  clock: Clock,
  mailboxOptions: CapturedMailerOptions = {},
): Promise<LocalBackend> {
  if (kind === "memory") {
    const mailbox = new CapturedMailer(mailboxOptions);
    return { store: new MemoryContactStore({ clock }), mailer: mailbox, mailbox, servers: {} };
  }
  const { dynamo, ses } = await startServersThread();
  await createTable(dynamo.client, LOCAL_NAME);
  return {
    store: new DynamoDbContactStore({ client: dynamo.doc, tableName: LOCAL_NAME }),
    mailer: new SesMailer({ client: ses.client, configurationSet: LOCAL_NAME }),
    servers: { dynamo, ses },
  };
}
