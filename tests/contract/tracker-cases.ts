import { describe, expect, it } from "vitest";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { aContact, aTask, at, T0 } from "./fixtures";

/**
 * What the task-tracker integration (Asana) keeps in the store: a rep task's link to its copy in
 * the tracker, found back by the tracker's id, linked once and erased with the contact; and the
 * integration's kept values (its webhook secret, a connection awaiting its handshake). Part of the
 * ContactStore contract.
 */
export function trackerCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  describe("tracker links (a rep task's Asana gid)", () => {
    it("links a task once, finds it by the tracker's id, and clears the creation error", async () => {
      await store.createTask(aTask("task-1", { trackerError: "Asana answered HTTP 503" }));
      expect(await store.findTaskByExternalId("1201")).toBeUndefined();
      expect(await store.linkExternalTask("task-1", "1201")).toBe(true);
      expect(await store.linkExternalTask("task-1", "1202")).toBe(false);
      const linked = await store.getTask("task-1");
      expect(linked).toMatchObject({ id: "task-1", externalId: "1201" });
      expect(linked?.trackerError).toBeUndefined();
      expect(await store.findTaskByExternalId("1201")).toEqual(linked);
      expect(await store.findTaskByExternalId("1202")).toBeUndefined();
    });

    it("does not link a task that does not exist, and a patch never changes the link", async () => {
      expect(await store.linkExternalTask("no-such-task", "1201")).toBe(false);
      expect(await store.findTaskByExternalId("1201")).toBeUndefined();
      await store.createTask(aTask("task-2"));
      await store.linkExternalTask("task-2", "1301");
      await store.updateTask("task-2", { externalId: "9999", status: "completed" });
      expect(await store.getTask("task-2")).toMatchObject({ externalId: "1301", status: "completed" });
      expect((await store.findTaskByExternalId("1301"))?.id).toBe("task-2");
    });

    it("of racing links of one task exactly one wins", async () => {
      await store.createTask(aTask("task-3"));
      const wins = await Promise.all(["a", "b", "c"].map((gid) => store.linkExternalTask("task-3", gid)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it("forgets the link when the contact is erased", async () => {
      await store.createContact(aContact("c-1"));
      await store.createTask(aTask("task-c-1", { contactId: "c-1" }));
      await store.linkExternalTask("task-c-1", "1401");
      await store.eraseContact("c-1", { at: at(9) });
      expect(await store.findTaskByExternalId("1401")).toBeUndefined();
      const dump = current().dump;
      if (dump) expect(await dump()).not.toContain("1401");
    });
  });

  describe("kept values (an integration's state)", () => {
    it("keeps a value, replaces it, and forgets it after its expiry", async () => {
      const now = new Date(T0);
      expect(await store.readValue("asana:webhook-secret", now)).toBeUndefined();
      await store.keepValue("asana:webhook-secret", "s1");
      await store.keepValue("asana:webhook-secret", "s2");
      expect(await store.readValue("asana:webhook-secret", now)).toBe("s2");
      await store.keepValue("asana:connect", "nonce-1", { expiresAt: new Date(at(5)) });
      expect(await store.readValue("asana:connect", new Date(at(4)))).toBe("nonce-1");
      expect(await store.readValue("asana:connect", new Date(at(5)))).toBeUndefined();
    });
  });
}
