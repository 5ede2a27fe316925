import { describe, expect, it } from "vitest";
import type { ContactStore } from "../../src/core/ports";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { aContact, anEnrollment, anEvent, aSend, aTask, at, T0 } from "./fixtures";

/** Everything a store can keep about one contact, written through the port. */
async function keepEverything(store: ContactStore, id: string) {
  await store.createContact(aContact(id, { firstName: `First-${id}`, lastName: `Last-${id}` }));
  const change = { contactId: id, from: "lead", to: "mql", at: at(1), by: "scoring", reason: "score 50" };
  await store.changeStage(change);
  const contact = aContact(id, { firstName: `First-${id}`, lastName: `Last-${id}`, stage: "mql" });
  const event = anEvent(id, `ev-${id}`, 2);
  await store.recordEvent(event);
  const enrollment = anEnrollment(id, "trial", 1, {
    pause: { token: `tok-${id}`, stepId: "wait-1", kind: "wait", startedAt: at(3), deadline: at(60) },
  });
  await store.createEnrollment(enrollment);
  const send = aSend(id, "trial.1", "welcome", { status: "sent", messageId: `msg-${id}`, subject: "Hi" });
  await store.claimSend(send);
  const task = aTask(`task-${id}`, { contactId: id, title: `Call First-${id}` });
  await store.createTask(task);
  const reply = {
    key: `key-${id}`,
    contactId: id,
    enrollmentId: "trial.1",
    workflowId: "trial",
    stepId: "welcome",
  };
  await store.saveReplyKey(reply);
  const rawMail = { contactId: id, messageId: `inbound-${id}`, at: at(4) };
  await store.recordRawMail(rawMail);
  return { contact, change, event, enrollment, send, task, reply, rawMail };
}

/** Erasure and export (GDPR Art. 15, 17, 20): part of the ContactStore contract. */
export function privacyCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  describe("export and erasure", () => {
    it("exports everything kept about a contact, and nothing of another", async () => {
      const kept = await keepEverything(store, "c-1");
      await keepEverything(store, "c-2");
      const suppression = {
        email: kept.contact.email,
        contactId: "c-1",
        reason: "bounced" as const,
        at: at(5),
        detail: "",
      };
      await store.suppress(suppression);
      expect(await store.exportContact("c-1")).toEqual({
        contact: kept.contact,
        stageHistory: [kept.change],
        events: [kept.event],
        enrollments: [kept.enrollment],
        sends: [kept.send],
        tasks: [kept.task],
        replyKeys: [kept.reply],
        rawMail: [kept.rawMail],
        suppression,
      });
      expect(await store.exportContact("nobody")).toBeUndefined();
    });

    it("erases every record of a contact, the tasks and reply keys outside its partition too, and leaves others", async () => {
      const kept = await keepEverything(store, "c-1");
      const other = await keepEverything(store, "c-2");
      expect(await store.eraseContact("c-1", { at: at(9) })).toBe(true);
      expect(await store.getContact("c-1")).toBeUndefined();
      expect(await store.getContactView("c-1")).toBeUndefined();
      expect(await store.exportContact("c-1")).toBeUndefined();
      expect(await store.findContactByEmail(kept.contact.email)).toBeUndefined();
      expect(await store.stageHistory("c-1")).toEqual([]);
      expect(await store.listEvents("c-1")).toEqual([]);
      expect(await store.listEnrollments("c-1")).toEqual([]);
      expect(await store.getSend("c-1", "trial.1", "welcome")).toBeUndefined();
      expect(await store.findSendByMessageId("msg-c-1")).toBeUndefined();
      expect(await store.getTask("task-c-1")).toBeUndefined();
      expect(await store.findReplyKey("key-c-1")).toBeUndefined();
      expect((await store.listTasks("rep-1")).map((t) => t.id)).toEqual(["task-c-2"]);
      // The store's GSI1 lags its table on AWS (not locally): the erased enrollment is gone from it too.
      const active = await store.listEnrollmentsByStatus("active", { workflowId: "trial", limit: 100 });
      expect(active.items.map((e) => e.contactId)).toEqual(["c-2"]);
      expect(await store.exportContact("c-2")).toMatchObject({ contact: other.contact, tasks: [other.task] });
      expect(await store.eraseContact("c-1", { at: at(10) })).toBe(false);
    });

    it("keeps only a hash of a suppressed address, and the address stays suppressed whatever its case", async () => {
      const kept = await keepEverything(store, "c-1");
      await store.suppress({
        email: kept.contact.email,
        contactId: "c-1",
        reason: "complained",
        at: at(5),
        detail: "abuse",
      });
      await store.eraseContact("c-1", { at: at(9) });
      const asked = kept.contact.email.toUpperCase();
      expect(await store.getSuppression(asked)).toEqual({
        email: asked,
        reason: "complained",
        at: at(5),
        detail: "",
        erasedAt: at(9),
      });
      // Suppressing the address again keeps the first reason.
      await store.suppress({ email: kept.contact.email, reason: "unsubscribed", at: at(11), detail: "link" });
      expect((await store.getSuppression(kept.contact.email))?.reason).toBe("complained");
      expect(await store.getSuppression("someone-else@example.com")).toBeUndefined();
    });

    it("suppresses the address of an erased contact that was not suppressed (reason erased)", async () => {
      const kept = await keepEverything(store, "c-1");
      await store.eraseContact("c-1", { at: at(9) });
      expect(await store.getSuppression(kept.contact.email)).toEqual({
        email: kept.contact.email,
        reason: "erased",
        at: at(9),
        detail: "",
        erasedAt: at(9),
      });
    });

    it("holds nothing of an erased contact's address, names or ids afterwards", async (context) => {
      const dump = current().dump;
      if (!dump) context.skip();
      await keepEverything(store, "c-1");
      await keepEverything(store, "c-2");
      await store.suppress({
        email: "c-1@Example.com",
        contactId: "c-1",
        reason: "bounced",
        at: T0,
        detail: "550 c-1@Example.com",
      });
      // A caller's event id (POST /events) is remembered apart from the event itself.
      await store.claimEventId("c-1", "crm-event-of-c-1", T0);
      await store.eraseContact("c-1", { at: at(9) });
      const everything = (await dump!()).toLowerCase();
      for (const secret of [
        "c-1@example.com",
        "first-c-1",
        "last-c-1",
        '"c-1"',
        "task-c-1",
        "key-c-1",
        "inbound-c-1",
        "crm-event-of-c-1",
      ])
        expect(everything, secret).not.toContain(secret);
      expect(everything).toContain("first-c-2");
    });

    it("erases tasks and reply keys written before the references existed, when named, only if they are the contact's", async () => {
      await store.createContact(aContact("c-1"));
      await store.createContact(aContact("c-2"));
      // What older versions wrote: no reference in the contact's partition.
      const legacy = await legacyRecords(current(), store);
      const older = { taskIds: ["old-task-c-1", "old-task-c-2"], replyKeys: ["old-key-c-1", "old-key-c-2"] };
      expect((await store.exportContact("c-1", older))?.tasks.map((t) => t.id)).toEqual(["old-task-c-1"]);
      expect((await store.exportContact("c-1", older))?.replyKeys.map((r) => r.key)).toEqual(["old-key-c-1"]);
      await store.eraseContact("c-1", { at: at(9), writtenBeforeReferences: older });
      expect(await store.getTask("old-task-c-1")).toBeUndefined();
      expect(await store.findReplyKey("old-key-c-1")).toBeUndefined();
      expect(await store.getTask("old-task-c-2")).toEqual(legacy.task);
      expect(await store.findReplyKey("old-key-c-2")).toEqual(legacy.reply);
    });
  });
}

/** Writes a task and a reply key of c-1 and of c-2 the way older versions did (no reference). */
async function legacyRecords(subject: StoreUnderTest, store: ContactStore) {
  const records = ["c-1", "c-2"].map((id) => ({
    task: aTask(`old-task-${id}`, { contactId: id }),
    reply: { key: `old-key-${id}`, contactId: id, enrollmentId: "trial.1", workflowId: "trial", stepId: "s" },
  }));
  for (const { task, reply } of records) {
    if (subject.writeWithoutReference) await subject.writeWithoutReference(task, reply);
    else {
      await store.createTask(task);
      await store.saveReplyKey(reply);
    }
  }
  return records[1]!;
}
