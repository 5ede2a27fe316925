import { beforeEach, describe, expect, it } from "vitest";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { aContact, anEnrollment, anEvent, aSend, at } from "./fixtures";

/** Bounded reads of a contact, first clicks and withdrawn consent: part of the ContactStore contract. */
export function engagementCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  describe("a contact's view", () => {
    beforeEach(async () => {
      await store.createContact(aContact("c-1"));
      await store.createEnrollment(anEnrollment("c-1", "trial", 1));
      await store.claimSend(aSend("c-1", "trial.1", "welcome"));
      await store.changeStage({
        contactId: "c-1",
        from: "lead",
        to: "mql",
        at: at(1),
        by: "api",
        reason: "r",
      });
      for (const [id, minutes] of [
        ["e", 5],
        ["a", 1],
        ["c", 3],
        ["b", 2],
        ["d", 4],
      ] as const)
        await store.recordEvent(anEvent("c-1", id, minutes));
      await store.recordEvent(anEvent("c-2", "other", 3));
    });

    it("holds the profile, enrollments, ledger and every event in time order without a window", async () => {
      const view = await store.getContactView("c-1");
      expect(view?.contact).toEqual({ ...aContact("c-1"), stage: "mql" });
      expect(view?.enrollments).toEqual([anEnrollment("c-1", "trial", 1)]);
      expect(view?.sends).toEqual([aSend("c-1", "trial.1", "welcome")]);
      expect(view?.events.map((e) => e.id)).toEqual(["a", "b", "c", "d", "e"]);
      expect(await store.getContactView("nobody")).toBeUndefined();
    });

    it("holds only the newest `limit` events at or after `since`, in time order", async () => {
      const ids = async (window: { since?: string; limit: number }) =>
        (await store.getContactView("c-1", window))?.events.map((e) => e.id);
      expect(await ids({ limit: 2 })).toEqual(["d", "e"]);
      expect(await ids({ since: at(2), limit: 10 })).toEqual(["b", "c", "d", "e"]);
      expect(await ids({ since: at(2), limit: 3 })).toEqual(["c", "d", "e"]);
      expect(await ids({ since: at(6), limit: 3 })).toEqual([]);
      expect(await ids({ limit: 0 })).toEqual([]);
      const view = await store.getContactView("c-1", { limit: 0 });
      expect(view?.enrollments).toHaveLength(1);
      expect(view?.sends).toHaveLength(1);
    });

    it("lists only the newest `limit` events when asked", async () => {
      const ids = async (since?: string, limit?: number) =>
        (await store.listEvents("c-1", since, limit)).map((e) => e.id);
      expect(await ids(undefined, 2)).toEqual(["d", "e"]);
      expect(await ids(at(2), 2)).toEqual(["d", "e"]);
      expect(await ids(at(2))).toEqual(["b", "c", "d", "e"]);
      expect(await ids(undefined, 0)).toEqual([]);
    });

    it("keeps the newest events past DynamoDB's 1 MB page", async () => {
      const blob = "x".repeat(100_000);
      for (let i = 0; i < 12; i++)
        await store.recordEvent(anEvent("c-1", `big-${i}`, 10 + i, { properties: { blob } }));
      const view = await store.getContactView("c-1", { limit: 11 });
      expect(view?.events.map((e) => e.id)).toEqual(Array.from({ length: 11 }, (_, i) => `big-${i + 1}`));
    });
  });

  describe("first clicks", () => {
    it("marks the first click of each link in an email once: the first time stays", async () => {
      await store.claimSend(aSend("c-1", "trial.1", "welcome"));
      expect(await store.markClick("c-1", "trial.1", "welcome", "pricing", at(1))).toBe(true);
      expect(await store.markClick("c-1", "trial.1", "welcome", "pricing", at(2))).toBe(false);
      expect(await store.markClick("c-1", "trial.1", "welcome", "docs", at(3))).toBe(true);
      const send = await store.getSend("c-1", "trial.1", "welcome");
      expect(send).toEqual({
        ...aSend("c-1", "trial.1", "welcome"),
        clicks: { pricing: at(1), docs: at(3) },
      });
    });

    it("lets exactly one of 10 concurrent first clicks of a link win", async () => {
      await store.claimSend(aSend("c-1", "trial.1", "welcome"));
      const wins = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.markClick("c-1", "trial.1", "welcome", "pricing", at(i))),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      const clicks = (await store.getSend("c-1", "trial.1", "welcome"))?.clicks;
      expect(clicks?.pricing).toBe(at(wins.indexOf(true)));
    });

    it("marks nothing for an email without a ledger entry (nothing is created)", async () => {
      expect(await store.markClick("c-1", "trial.1", "welcome", "pricing", at(1))).toBe(false);
      expect(await store.getSend("c-1", "trial.1", "welcome")).toBeUndefined();
    });
  });

  describe("withdrawn consent", () => {
    it("withdraws consent once: the first time and source stay, and the consent that stands is the answer", async () => {
      await store.createContact(aContact("c-1"));
      const first = { status: "unsubscribed" as const, at: at(1), source: "one-click" };
      expect(await store.withdrawConsent("c-1", { at: at(1), source: "one-click" })).toEqual(first);
      expect(await store.withdrawConsent("c-1", { at: at(2), source: "reply" })).toEqual(first);
      expect(await store.getContact("c-1")).toEqual({ ...aContact("c-1"), consent: first });
    });

    it("answers undefined for a contact that does not exist (nothing is created)", async () => {
      expect(await store.withdrawConsent("nobody", { at: at(1), source: "api" })).toBeUndefined();
      expect(await store.getContact("nobody")).toBeUndefined();
    });
  });
}
