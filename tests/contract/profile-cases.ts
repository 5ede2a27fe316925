import { describe, expect, it } from "vitest";
import type { Suppression } from "../../src/core/model";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { aContact, anEvent, at, T0 } from "./fixtures";

/** Contacts, stages, events and suppressions: part of the ContactStore contract. */
export function profileCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  describe("contacts", () => {
    it("round-trips a contact exactly and refuses a second create with the same id", async () => {
      const contact = aContact("c-1");
      expect(await store.createContact(contact)).toBe(true);
      expect(await store.getContact("c-1")).toEqual(contact);
      expect(await store.createContact(aContact("c-1", { email: "other@example.com", stage: "sql" }))).toBe(
        false,
      );
      expect(await store.getContact("c-1")).toEqual(contact);
      expect(await store.getContact("nobody")).toBeUndefined();
    });

    it("keeps a minimal contact minimal (no extra fields)", async () => {
      const contact = aContact("c-min");
      for (const field of ["firstName", "lastName", "company", "title", "timezone", "owner"] as const) {
        delete contact[field];
      }
      contact.attributes = {};
      await store.createContact(contact);
      const read = await store.getContact("c-min");
      expect(read).toEqual(contact);
      expect(Object.keys(read!).sort()).toEqual(Object.keys(contact).sort());
    });

    it("copies records in and out: callers cannot change what is stored", async () => {
      const contact = aContact("c-1");
      await store.createContact(contact);
      contact.attributes.plan = "changed";
      const read = (await store.getContact("c-1"))!;
      expect(read.attributes.plan).toBe("trial");
      (read.attributes.nested as Record<string, unknown>).deep = false;
      read.consent.status = "unsubscribed";
      expect(await store.getContact("c-1")).toEqual(aContact("c-1"));
    });

    it("finds a contact by email, whatever the case", async () => {
      await store.createContact(aContact("c-1", { email: "Ada.Lovelace@Example.COM" }));
      await store.createContact(aContact("c-2"));
      expect((await store.findContactByEmail("ada.lovelace@example.com"))?.id).toBe("c-1");
      expect((await store.findContactByEmail("ADA.LOVELACE@EXAMPLE.COM"))?.email).toBe(
        "Ada.Lovelace@Example.COM",
      );
      expect(await store.findContactByEmail("nobody@example.com")).toBeUndefined();
    });

    it("updates profile fields, removes optional ones given as undefined, and sets updatedAt", async () => {
      await store.createContact(aContact("c-1"));
      await store.updateContact("c-1", { company: "Babbage & Co", title: undefined }, at(5));
      await store.updateContact("c-1", { email: "ada@new.example", attributes: { plan: "pro" } }, at(6));
      const read = await store.getContact("c-1");
      const { title: _removed, ...rest } = aContact("c-1");
      expect(read).toEqual({
        ...rest,
        company: "Babbage & Co",
        email: "ada@new.example",
        attributes: { plan: "pro" },
        updatedAt: at(6),
      });
      expect((await store.findContactByEmail("ADA@new.example"))?.id).toBe("c-1");
      expect(await store.findContactByEmail("c-1@example.com")).toBeUndefined();
    });

    it("never changes stage, consent, id or createdAt through updateContact", async () => {
      await store.createContact(aContact("c-1"));
      const sneaky = {
        stage: "customer",
        consent: { status: "unsubscribed" },
        id: "c-9",
        createdAt: at(9),
      };
      await store.updateContact("c-1", sneaky as never, at(1));
      expect(await store.getContact("c-1")).toEqual({ ...aContact("c-1"), updatedAt: at(1) });
      expect(await store.getContact("c-9")).toBeUndefined();
    });

    it("refuses to update a contact that does not exist (nothing is created)", async () => {
      await expect(store.updateContact("ghost", { company: "X" }, at(1))).rejects.toThrow(/not found/);
      await expect(
        store.setConsent("ghost", { status: "unsubscribed", at: T0, source: "x" }),
      ).rejects.toThrow(/not found/);
      expect(await store.getContact("ghost")).toBeUndefined();
    });

    it("sets consent", async () => {
      await store.createContact(aContact("c-1"));
      const consent = { status: "unsubscribed" as const, at: at(3), source: "link" };
      await store.setConsent("c-1", consent);
      expect(await store.getContact("c-1")).toEqual({ ...aContact("c-1"), consent });
    });
  });

  describe("stages", () => {
    it("moves the stage when it is still `from`, keeping the history in time order", async () => {
      await store.createContact(aContact("c-1"));
      const first = {
        contactId: "c-1",
        from: "lead",
        to: "mql",
        at: at(10),
        by: "scoring",
        reason: "score 50",
      };
      // A clock a little behind: the second change carries an earlier time than the first.
      const second = { contactId: "c-1", from: "mql", to: "sql", at: at(5), by: "api", reason: "booked" };
      const third = {
        contactId: "c-1",
        from: "sql",
        to: "customer",
        at: at(20),
        by: "rep:r1",
        reason: "won",
      };
      expect(await store.changeStage(first)).toBe(true);
      expect(await store.changeStage(second)).toBe(true);
      expect(await store.changeStage(third)).toBe(true);
      expect((await store.getContact("c-1"))?.stage).toBe("customer");
      expect(await store.stageHistory("c-1")).toEqual([second, first, third]);
    });

    it("refuses a stale `from` and leaves stage and history untouched", async () => {
      await store.createContact(aContact("c-1"));
      const moved = { contactId: "c-1", from: "lead", to: "mql", at: at(1), by: "scoring", reason: "r" };
      await store.changeStage(moved);
      const stale = { contactId: "c-1", from: "lead", to: "sql", at: at(2), by: "api", reason: "r" };
      expect(await store.changeStage(stale)).toBe(false);
      expect((await store.getContact("c-1"))?.stage).toBe("mql");
      expect(await store.stageHistory("c-1")).toEqual([moved]);
    });

    it("finishes a retried change (same time and target) once, and refuses it after a later move", async () => {
      await store.createContact(aContact("c-1"));
      const change = { contactId: "c-1", from: "lead", to: "mql", at: at(1), by: "scoring", reason: "r" };
      expect(await store.changeStage(change)).toBe(true);
      expect(await store.changeStage(change)).toBe(true);
      expect(await store.stageHistory("c-1")).toEqual([change]);
      await store.changeStage({ ...change, from: "mql", to: "sql", at: at(2) });
      expect(await store.changeStage(change)).toBe(false);
      expect((await store.getContact("c-1"))?.stage).toBe("sql");
    });

    it("does not move the stage of a contact that does not exist", async () => {
      const change = { contactId: "ghost", to: "mql", at: at(1), by: "api", reason: "r" };
      expect(await store.changeStage(change)).toBe(false);
      expect(await store.changeStage({ ...change, from: "lead" })).toBe(false);
      expect(await store.getContact("ghost")).toBeUndefined();
      expect(await store.stageHistory("ghost")).toEqual([]);
    });
  });

  describe("events", () => {
    it("stores the same event once", async () => {
      const event = anEvent("c-1", "ev-1", 1, {
        enrollmentId: "trial.1",
        workflowId: "trial",
        stepId: "s",
        messageId: "m",
      });
      expect(await store.recordEvent(event)).toBe(true);
      expect(await store.recordEvent({ ...event, name: "email.open" })).toBe(false);
      expect(await store.listEvents("c-1")).toEqual([event]);
    });

    it("lists a contact's events in time order, only those at or after `since` when given", async () => {
      const events = [
        anEvent("c-1", "b", 3),
        anEvent("c-1", "a", 1),
        anEvent("c-1", "c", 2),
        anEvent("c-1", "a2", 1),
      ];
      for (const event of events) await store.recordEvent(event);
      await store.recordEvent(anEvent("c-2", "other", 2));
      const ids = async (since?: string) => (await store.listEvents("c-1", since)).map((e) => e.id);
      expect(await ids()).toEqual(["a", "a2", "c", "b"]);
      expect(await ids(at(2))).toEqual(["c", "b"]);
      expect(await ids(at(2.5))).toEqual(["b"]);
      expect(await ids(at(4))).toEqual([]);
      expect(await ids(at(0))).toEqual(["a", "a2", "c", "b"]);
      expect(await store.listEvents("nobody")).toEqual([]);
    });

    it("returns every event past DynamoDB's 1 MB page", async () => {
      const blob = "x".repeat(100_000);
      for (let i = 0; i < 12; i++)
        await store.recordEvent(anEvent("c-1", `big-${i}`, i, { properties: { blob } }));
      const listed = await store.listEvents("c-1");
      expect(listed.map((e) => e.id)).toEqual(Array.from({ length: 12 }, (_, i) => `big-${i}`));
      expect(await store.listEvents("c-1", at(10))).toHaveLength(2);
    });
  });

  describe("suppressions", () => {
    it("keeps the first reason, whatever the case of the address", async () => {
      const first: Suppression = {
        email: "Ada@Example.com",
        contactId: "c-1",
        reason: "bounced",
        at: T0,
        detail: "",
      };
      expect(await store.getSuppression("ada@example.com")).toBeUndefined();
      await store.suppress(first);
      await store.suppress({ email: "ada@example.com", reason: "unsubscribed", at: at(1), detail: "link" });
      expect(await store.getSuppression("ADA@EXAMPLE.COM")).toEqual(first);
      expect(await store.getSuppression("bob@example.com")).toBeUndefined();
    });
  });

  describe("reply keys", () => {
    it("finds the email a reply key points at, and nothing for an unknown key", async () => {
      const ref = {
        key: "k7q2m9x4",
        contactId: "c-1",
        enrollmentId: "trial.1",
        workflowId: "trial",
        stepId: "welcome",
      };
      await store.saveReplyKey(ref);
      await store.saveReplyKey(ref);
      expect(await store.findReplyKey("k7q2m9x4")).toEqual(ref);
      expect(await store.findReplyKey("nope")).toBeUndefined();
    });
  });
}
