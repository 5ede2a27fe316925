import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
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

/** dynalite and aws-ses-v2-local, started once (one worker thread) and stopped by whoever started them. */
export interface LocalServers {
  dynamo: LocalDynamo;
  ses: LocalSes;
}

export interface LocalBackend {
  store: ContactStore;
  mailer: Mailer;
  /** The in-memory mailbox ("memory" only; on the servers aws-ses-v2-local keeps the emails). */
  mailbox?: CapturedMailer;
  /** The local servers ("servers" only). */
  servers: Partial<LocalServers>;
  /**
   * Ends what this backend started: the servers it started itself, or, on shared servers, its own
   * table (the servers keep running for their owner).
   */
  release(): Promise<void>;
}

export interface BackendOptions {
  /** The in-memory mailbox's options ("memory" only). */
  mailbox?: CapturedMailerOptions;
  /**
   * Servers already running, owned by the caller ("servers" only): the backend creates its own
   * fresh table in them and empties the SES mailbox, and release() leaves the servers running.
   */
  sharedServers?: LocalServers;
}

/** The table and configuration set the "servers" backend creates (on shared servers: the table's prefix). */
const LOCAL_NAME = "handoff-local";
/** Tables created on shared servers so far, in this process: each backend's table name is new. */
let sharedTables = 0;

/** Starts dynalite and aws-ses-v2-local in a worker thread; `close` of either stops both. */
export function startLocalServers(): Promise<LocalServers> {
  return startServersThread();
}

/** Stops both servers (they share one thread: closing one closes the other). */
export async function stopLocalServers(servers: Partial<LocalServers>): Promise<void> {
  await Promise.all([servers.dynamo?.close(), servers.ses?.close()]);
}

/**
 * "servers": dynalite and aws-ses-v2-local in a worker thread, reached through the AWS adapters as
 * on AWS; "memory": the in-memory store and a capturing mailer.
 */
export async function startLocalBackend(
  kind: BackendKind,
  clock: Clock,
  options: BackendOptions = {},
): Promise<LocalBackend> {
  if (kind === "memory") {
    const mailbox = new CapturedMailer(options.mailbox);
    const store = new MemoryContactStore({ clock });
    return { store, mailer: mailbox, mailbox, servers: {}, release: async () => {} };
  }
  const shared = options.sharedServers;
  const servers = shared ?? (await startLocalServers());
  const tableName = shared ? `${LOCAL_NAME}-${++sharedTables}` : LOCAL_NAME;
  await createTable(servers.dynamo.client, tableName);
  if (shared) await shared.ses.clear();
  const dropTable = async () => {
    await servers.dynamo.client.send(new DeleteTableCommand({ TableName: tableName }));
  };
  return {
    store: new DynamoDbContactStore({ client: servers.dynamo.doc, tableName }),
    mailer: new SesMailer({ client: servers.ses.client, configurationSet: LOCAL_NAME }),
    servers,
    release: shared ? dropTable : () => stopLocalServers(servers),
  };
}
