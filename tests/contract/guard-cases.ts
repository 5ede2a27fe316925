import { describe, expect, it } from "vitest";
import type { Enrollment } from "../../src/core/model";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { aContact, anEnrollment, at, T0 } from "./fixtures";

/**
 * What the HTTP API's guards keep in the store (issue 12, findings 6, 9, 10 and the item limit):
 * signatures seen once, per-key rate counters, callers' event ids, paged status lists, and an
 * item too large for DynamoDB refused by name. Part of the ContactStore contract.
 */
export function guardCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);
  const seconds = (iso: string) => new Date(iso);

  describe("remembered keys (signature replay)", () => {
    it("remembers a key once until it expires, then it can be remembered again", async () => {
      const window = { now: seconds(T0), expiresAt: seconds(at(5)) };
      expect(await store.rememberOnce("sig-a", window)).toBe(true);
      expect(await store.rememberOnce("sig-a", { ...window, now: seconds(at(4)) })).toBe(false);
      expect(await store.rememberOnce("sig-b", window)).toBe(true);
      expect(await store.rememberOnce("sig-a", { now: seconds(at(5)), expiresAt: seconds(at(10)) })).toBe(
        true,
      );
      expect(await store.rememberOnce("sig-a", { now: seconds(at(6)), expiresAt: seconds(at(10)) })).toBe(
        false,
      );
    });

    it("of racing writers of the same key exactly one wins", async () => {
      const window = { now: seconds(T0), expiresAt: seconds(at(5)) };
      const wins = await Promise.all(Array.from({ length: 8 }, () => store.rememberOnce("sig-race", window)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });
  });

  describe("expiring counters (per-key rates)", () => {
    it("counts each counter on its own, also when calls race", async () => {
      const expiresAt = { expiresAt: seconds(at(1)) };
      expect(await store.increment("rate:crm:1", expiresAt)).toBe(1);
      expect(await store.increment("rate:crm:1", expiresAt)).toBe(2);
      expect(await store.increment("rate:web:1", expiresAt)).toBe(1);
      const counts = await Promise.all(
        Array.from({ length: 5 }, () => store.increment("rate:crm:1", expiresAt)),
      );
      expect(counts.sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7]);
    });
  });

  describe("callers' event ids", () => {
    it("claims an event id per contact once, keeping the time of the first claim", async () => {
      expect(await store.claimEventId("c-1", "api:crm-1", at(1))).toEqual({ claimed: true, at: at(1) });
      expect(await store.claimEventId("c-1", "api:crm-1", at(9))).toEqual({ claimed: false, at: at(1) });
      expect(await store.claimEventId("c-2", "api:crm-1", at(9))).toEqual({ claimed: true, at: at(9) });
      expect(await store.listEvents("c-1")).toEqual([]);
    });

    it("an event id claim is not part of the contact's view", async () => {
      await store.createContact(aContact("c-1"));
      await store.claimEventId("c-1", "api:crm-1", at(1));
      const view = await store.getContactView("c-1");
      expect(view?.events).toEqual([]);
      expect(view?.enrollments).toEqual([]);
      expect(view?.sends).toEqual([]);
    });
  });

  describe("enrollments by status, a page at a time", () => {
    const ids = (list: Enrollment[]) => list.map((e) => `${e.contactId}/${e.id}`);

    it("pages through every enrollment in one status, oldest first, with an opaque cursor", async () => {
      for (let i = 0; i < 5; i++)
        await store.createEnrollment(
          anEnrollment(`c-${i}`, "trial", 1, { status: "failed", startedAt: at(10 - i) }),
        );
      await store.createEnrollment(anEnrollment("c-9", "other", 1, { status: "failed" }));
      const first = await store.listEnrollmentsByStatus("failed", { workflowId: "trial", limit: 2 });
      expect(ids(first.items)).toEqual(["c-4/trial.1", "c-3/trial.1"]);
      expect(first.cursor).toEqual(expect.any(String));
      const second = await store.listEnrollmentsByStatus("failed", {
        workflowId: "trial",
        limit: 2,
        cursor: first.cursor,
      });
      expect(ids(second.items)).toEqual(["c-2/trial.1", "c-1/trial.1"]);
      const third = await store.listEnrollmentsByStatus("failed", {
        workflowId: "trial",
        limit: 2,
        cursor: second.cursor,
      });
      expect(ids(third.items)).toEqual(["c-0/trial.1"]);
      expect(third.cursor).toBeUndefined();
      const all = await store.listEnrollmentsByStatus("failed", { limit: 100 });
      expect(all.items).toHaveLength(6);
      expect(all.cursor).toBeUndefined();
    });

    it("refuses a cursor it did not make, by name", async () => {
      await store.createEnrollment(anEnrollment("c-1", "trial", 1, { status: "failed" }));
      for (const cursor of ["nope", "e30", Buffer.from('{"pk":1}').toString("base64url")]) {
        await expect(store.listEnrollmentsByStatus("failed", { limit: 2, cursor })).rejects.toMatchObject({
          name: "InvalidCursorError",
        });
      }
    });
  });

  describe("item size", () => {
    it("refuses a contact larger than DynamoDB's 400 KB item limit by name, and keeps a large one", async () => {
      const huge = aContact("c-huge", { attributes: { notes: "x".repeat(420 * 1024) } });
      await expect(store.createContact(huge)).rejects.toMatchObject({ name: "ItemTooLargeError" });
      expect(await store.getContact("c-huge")).toBeUndefined();
      const large = aContact("c-large", { attributes: { notes: "x".repeat(300 * 1024) } });
      expect(await store.createContact(large)).toBe(true);
    });
  });
}
