import { describe, expect, it } from "vitest";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { aSend, at } from "./fixtures";

/** Send-ledger entries whose outcome SES never told: part of the ContactStore contract. */
export function sendLedgerCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);
  const UNCERTAIN = ["claimed"] as const;
  const SETTLE = ["claimed", "uncertain"] as const;

  const uncertain = async (contactId: string, minutes: number) => {
    await store.claimSend(aSend(contactId, "trial.1", "welcome"));
    const patch = {
      status: "uncertain" as const,
      uncertainAt: at(minutes),
      reason: "TimeoutError: no answer",
    };
    expect(await store.updateSend(contactId, "trial.1", "welcome", patch, [...UNCERTAIN])).toBe(true);
  };
  const listed = async (limit = 10, after?: string) => {
    const page = await store.listUncertainSends({ limit, ...(after === undefined ? {} : { after }) });
    return { ids: page.sends.map((s) => s.contactId), next: page.next };
  };

  describe("uncertain sends", () => {
    it("marks only a claimed entry uncertain, keeping the error and time", async () => {
      await uncertain("c-1", 1);
      expect(await store.getSend("c-1", "trial.1", "welcome")).toEqual({
        ...aSend("c-1", "trial.1", "welcome"),
        status: "uncertain",
        uncertainAt: at(1),
        reason: "TimeoutError: no answer",
      });
      const again = { status: "uncertain" as const, uncertainAt: at(2), reason: "again" };
      expect(await store.updateSend("c-1", "trial.1", "welcome", again, [...UNCERTAIN])).toBe(false);
      expect((await store.getSend("c-1", "trial.1", "welcome"))?.uncertainAt).toBe(at(1));
      expect(await store.updateSend("c-9", "trial.1", "welcome", again, [...UNCERTAIN])).toBe(false);
      expect(await store.getSend("c-9", "trial.1", "welcome")).toBeUndefined();
    });

    it("settles a claimed or uncertain entry as sent once, found by its message id", async () => {
      await uncertain("c-1", 1);
      await store.claimSend(aSend("c-2", "trial.1", "welcome"));
      const sent = (messageId: string) => ({ status: "sent" as const, messageId, sentAt: at(3) });
      expect(await store.updateSend("c-1", "trial.1", "welcome", sent("m-1"), [...SETTLE])).toBe(true);
      expect(await store.updateSend("c-2", "trial.1", "welcome", sent("m-2"), [...SETTLE])).toBe(true);
      expect(await store.updateSend("c-1", "trial.1", "welcome", sent("m-other"), [...SETTLE])).toBe(false);
      expect(await store.findSendByMessageId("m-1")).toMatchObject({ contactId: "c-1", status: "sent" });
      expect(await store.findSendByMessageId("m-2")).toMatchObject({ contactId: "c-2", status: "sent" });
      expect(await store.findSendByMessageId("m-other")).toBeUndefined();
      await store.claimSend(aSend("c-3", "trial.1", "welcome"));
      await store.releaseSend("c-3", "trial.1", "welcome", "throttled");
      expect(await store.updateSend("c-3", "trial.1", "welcome", sent("m-3"), [...SETTLE])).toBe(false);
      expect((await store.getSend("c-3", "trial.1", "welcome"))?.status).toBe("released");
    });

    it("lists uncertain entries across contacts, oldest first, a page at a time, and no others", async () => {
      await uncertain("c-2", 3);
      await uncertain("c-1", 1);
      await uncertain("c-3", 2);
      await store.claimSend(aSend("c-4", "trial.1", "welcome"));
      await store.claimSend(aSend("c-5", "trial.1", "welcome"));
      await store.completeSend("c-5", "trial.1", "welcome", { status: "sent", messageId: "m-5" });
      expect(await listed()).toEqual({ ids: ["c-1", "c-3", "c-2"] });
      const first = await listed(2);
      expect(first.ids).toEqual(["c-1", "c-3"]);
      expect(first.next).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(await listed(2, first.next)).toEqual({ ids: ["c-2"] });
      const settled = { status: "sent" as const, messageId: "m-3", sentAt: at(4) };
      await store.updateSend("c-3", "trial.1", "welcome", settled, [...SETTLE]);
      await store.completeSend("c-1", "trial.1", "welcome", { status: "sent", messageId: "m-1" });
      expect(await listed()).toEqual({ ids: ["c-2"] });
    });
  });
}
