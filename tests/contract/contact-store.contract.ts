import { afterEach, beforeEach, describe } from "vitest";
import type { EnrollmentStatus, ReplyRef, RepTask } from "../../src/core/model";
import type { ContactStore } from "../../src/core/ports";
import { standIn } from "../helpers/stand-in";
import { accountCases } from "./account-cases";
import { counterCases } from "./counter-cases";
import { engagementCases } from "./engagement-cases";
import { guardCases } from "./guard-cases";
import { listCases } from "./list-cases";
import { privacyCases } from "./privacy-cases";
import { profileCases } from "./profile-cases";
import { scheduledStartCases } from "./scheduled-start-cases";
import { sendLedgerCases } from "./send-ledger-cases";
import { statsCases } from "./stats-cases";
import { trackerCases } from "./tracker-cases";
import { workflowCases } from "./workflow-cases";

export interface StoreUnderTest {
  store: ContactStore;
  close(): Promise<void>;
  /**
   * Optional look into the store's own indexes: `<contactId>/<enrollmentId>` of `workflowId`'s
   * enrollments listed under `status` (for DynamoDB, GSI1 `ENR#<status>` read with the raw client).
   * Stores without one are checked through the port only.
   */
  indexedEnrollments?(status: EnrollmentStatus, workflowId: string): Promise<string[]>;
  /** Optional: everything the store holds, as text (erasure must leave nothing of the contact). */
  dump?(): Promise<string>;
  /** Optional: writes a task and a reply key as versions before the partition references did. */
  writeWithoutReference?(task: RepTask, reply: ReplyRef): Promise<void>;
  /** Optional look at a counter's stored expiry, in epoch seconds (DynamoDB: its TTL attribute). */
  counterExpiry?(counter: string): Promise<number | undefined>;
  /**
   * Optional: makes the `request`-th request to the store from now on (0 = the next) fail, `before`
   * doing anything (a throttle) or `after` doing its work (a reply lost, a crash right after).
   */
  failRequest?(fault: { request: number; when: "before" | "after" }): void;
}

/**
 * The store of the running test, for a group of cases written once for every adapter: each call
 * goes to `current().store`, the fresh store `describeContactStore` made for that test (so call it
 * in tests and hooks, not while the cases are being declared).
 */
export function storeOfRunningTest(current: () => StoreUnderTest): ContactStore {
  return standIn(() => current().store);
}

/**
 * The behaviour every ContactStore must have, run by each adapter's contract test. `makeStore`
 * gives a fresh, empty store for every test; `close` releases it.
 */
export function describeContactStore(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`ContactStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    beforeEach(async () => {
      subject = await makeStore();
    });
    afterEach(async () => {
      await subject.close();
    });
    profileCases(() => subject);
    workflowCases(() => subject);
    scheduledStartCases(() => subject);
    privacyCases(() => subject);
    sendLedgerCases(() => subject);
    guardCases(() => subject);
    engagementCases(() => subject);
    counterCases(() => subject);
    listCases(() => subject);
    accountCases(() => subject);
    statsCases(() => subject);
    trackerCases(() => subject);
  });
}
