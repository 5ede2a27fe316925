import type { CountedFact } from "../core/contact-store";
import { jsonSize, knownJsonSize } from "../core/json-size";
import type { ContactStore, ContactView, EventWindow, Mailer, SentEmail } from "../core/ports";
import type { FunctionKey } from "../core/step-lambdas";
import { aroundMethods } from "./around-methods";

/** What a run used, counted as AWS would bill it (DynamoDB units estimated from item sizes). */
export interface Usage {
  stateTransitions: number;
  lambdaInvocations: number;
  lambdaMillis: number;
  lambdaByFunction: Record<string, number>;
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  sesSends: number;
  /** Store calls by method: where the DynamoDB requests go. */
  storeCalls: Record<string, number>;
}

export function emptyUsage(): Usage {
  return {
    stateTransitions: 0,
    lambdaInvocations: 0,
    lambdaMillis: 0,
    lambdaByFunction: {},
    dynamodbReadUnits: 0,
    dynamodbWriteUnits: 0,
    sesSends: 0,
    storeCalls: {},
  };
}

/**
 * Every method of the store port, as a read or a write (what it is billed as). Typed against
 * ContactStore: a name that is not one of its methods does not compile, nor does a method added to
 * the port and left out here.
 */
const STORE_METHODS = {
  getContact: "read",
  getContactView: "read",
  findContactByEmail: "read",
  listContacts: "read",
  createContact: "write",
  updateContact: "write",
  changeStage: "write",
  stageHistory: "read",
  setConsent: "write",
  withdrawConsent: "write",
  recordEvent: "write",
  claimEventId: "write",
  listEvents: "read",
  createEnrollment: "write",
  getEnrollment: "read",
  listEnrollments: "read",
  updateEnrollment: "write",
  listEnrollmentsByStatus: "read",
  clearPause: "write",
  listScheduledStarts: "read",
  clearScheduledStart: "write",
  getSuppression: "read",
  suppress: "write",
  claimSend: "write",
  releaseSend: "write",
  completeSend: "write",
  updateSend: "write",
  listUncertainSends: "read",
  getSend: "read",
  markClick: "write",
  findSendByMessageId: "read",
  saveReplyKey: "write",
  findReplyKey: "read",
  createTask: "write",
  getTask: "read",
  updateTask: "write",
  listTasks: "read",
  linkExternalTask: "write",
  findTaskByExternalId: "read",
  increment: "write",
  rememberOnce: "write",
  keepValue: "write",
  readValue: "read",
  recordRawMail: "write",
  exportContact: "read",
  eraseContact: "write",
  countOnce: "write",
  counterRows: "read",
  counterTotals: "read",
  getAccountMember: "read",
  beginAccountChange: "write",
  addToAccount: "write",
  settleAccountChange: "write",
  getAccount: "read",
  topAccounts: "read",
} as const satisfies Record<keyof ContactStore, "read" | "write">;

/** The store's methods that only read (every other method writes): metered as read units. */
export const STORE_READS: ReadonlySet<string> = new Set(
  (Object.keys(STORE_METHODS) as Array<keyof ContactStore>).filter((name) => STORE_METHODS[name] === "read"),
);

/**
 * Calls that are more than one DynamoDB request (src/adapters/aws): a suppression is read under
 * the address and under its hash (an erased contact's); a task and a reply key are written after
 * their reference in the contact's partition.
 */
const REQUESTS_PER_CALL: Partial<Record<keyof ContactStore, number>> = {
  getSuppression: 2,
  createTask: 2,
  saveReplyKey: 2,
};

/** An item's size: its JSON's UTF-8 bytes (jsonSize counts them without writing the JSON). */
function bytes(value: unknown): number {
  return jsonSize(value) ?? 0;
}

/** The size of what a read has just returned: as the store told it, when it knew (knownJsonSize). */
function readBytes(value: unknown): number {
  return knownJsonSize(value) ?? 0;
}

const readUnits = (size: number) => Math.max(1, Math.ceil(size / 4096));

/**
 * The read units of a read: a contact's view is three queries, each billed on its own (profile and
 * ledger, enrollments, the events in its window; none for a window of no events).
 */
function unitsRead(name: string, args: unknown[], result: unknown): number {
  if (name !== "getContactView" || !result) return readUnits(readBytes(result));
  const view = result as ContactView;
  const events = (args[1] as EventWindow | undefined)?.limit === 0 ? 0 : readUnits(readBytes(view.events));
  return (
    readUnits(readBytes(view.contact) + readBytes(view.sends)) +
    readUnits(readBytes(view.enrollments)) +
    events
  );
}

/**
 * countOnce's requests on DynamoDB (src/adapters/aws/dynamodb-stats.ts): the marker read; when it
 * counts, per counter row an add and the removal of its pending attribute, and the marker's put
 * (rows and markers are small: a unit each). A fact counted before costs the read alone.
 */
function meterCountOnce(usage: Usage, fact: CountedFact, counted: boolean): void {
  usage.dynamodbReadUnits += 1;
  if (!counted) return;
  const rows = new Set(fact.adds.map((add) => `${add.scope}\n${add.day ?? ""}`));
  usage.dynamodbWriteUnits += 2 * rows.size + 1;
}

/** Counts read units (4 KB, strongly consistent) and write units (1 KB) of every store call. */
export function meterStore(store: ContactStore, usage: Usage): ContactStore {
  return aroundMethods(store, async (name, args, call) => {
    usage.storeCalls[name] = (usage.storeCalls[name] ?? 0) + 1;
    const result = await call();
    if (name === "countOnce") {
      meterCountOnce(usage, args[0] as CountedFact, result === true);
      return result;
    }
    const requests = REQUESTS_PER_CALL[name as keyof ContactStore] ?? 1;
    if (STORE_READS.has(name)) usage.dynamodbReadUnits += Math.max(requests, unitsRead(name, args, result));
    else usage.dynamodbWriteUnits += Math.max(requests, Math.ceil(bytes(args) / 1024));
    return result;
  });
}

/** Counts every email SES accepted; `observe` sees each as it is accepted (no later than the sender does). */
export function meterMailer(
  mailer: Mailer,
  usage: Usage,
  observe?: (email: Parameters<Mailer["send"]>[0], sent: SentEmail) => void,
): Mailer {
  return {
    async send(email) {
      const sent = await mailer.send(email);
      usage.sesSends++;
      observe?.(email, sent);
      return sent;
    },
  };
}

/** Times a handler as one Lambda invocation. */
export async function meterInvocation<T>(
  usage: Usage,
  key: FunctionKey | "api" | "sesEvents" | "inbound",
  run: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  usage.lambdaInvocations++;
  usage.lambdaByFunction[key] = (usage.lambdaByFunction[key] ?? 0) + 1;
  try {
    return await run();
  } finally {
    usage.lambdaMillis += performance.now() - started;
  }
}
