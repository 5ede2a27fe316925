import { describe, expect, it } from "vitest";
import { MAX_INDEX_READS } from "../../src/adapters/single-table/contact-lists";
import type { ContactFilter, ContactStore } from "../../src/core/contact-store";
import { InvalidCursorError } from "../../src/core/errors";
import type { Contact } from "../../src/core/model";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { aContact, at } from "./fixtures";

/** Every contact id of a list, page after page of `limit`, and how many pages it took. */
async function allPages(store: ContactStore, filter: ContactFilter, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.listContacts(filter, { limit, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((c) => c.id));
    cursor = page.cursor;
    pages++;
  } while (cursor !== undefined && pages < 100);
  return { ids, pages };
}

/** Contact lists by stage, owner and account (the list indexes): part of the ContactStore contract. */
export function listCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  /** Contact `n`, created at minute n (its first stage change), with `fields`. */
  async function seed(n: number, fields: Partial<Contact> = {}) {
    const contact = aContact(`c-${String(n).padStart(2, "0")}`, { createdAt: at(n), ...fields });
    await store.createContact(contact);
    return contact;
  }

  describe("contact lists", () => {
    it("lists a stage newest stage change first, page after page, with what a list shows", async () => {
      for (let n = 1; n <= 7; n++) await seed(n, { account: "acme.example", score: n * 10 });
      const first = await store.listContacts({ stages: ["lead"] }, { limit: 3 });
      expect(first.items.map((c) => c.id)).toEqual(["c-07", "c-06", "c-05"]);
      expect(first.items[0]).toEqual({
        id: "c-07",
        email: "c-07@Example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        stage: "lead",
        score: 70,
        owner: "rep-1",
        account: "acme.example",
      });
      expect(first.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const { ids, pages } = await allPages(store, { stages: ["lead"] }, 3);
      expect(ids).toEqual(["c-07", "c-06", "c-05", "c-04", "c-03", "c-02", "c-01"]);
      expect(pages).toBe(3);
      expect((await store.listContacts({ stages: ["sql"] }, { limit: 3 })).items).toEqual([]);
    });

    it("moves a contact to the top of its new stage's list when its stage changes", async () => {
      for (let n = 1; n <= 3; n++) await seed(n);
      const change = { contactId: "c-01", from: "lead", to: "mql", at: at(10), by: "api", reason: "test" };
      expect(await store.changeStage(change)).toBe(true);
      await store.changeStage({ ...change, contactId: "c-02", at: at(5) });
      expect((await allPages(store, { stages: ["lead"] }, 10)).ids).toEqual(["c-03"]);
      expect((await allPages(store, { stages: ["mql"] }, 10)).ids).toEqual(["c-01", "c-02"]);
      // Several stages at once: one list, newest change first, paged across both.
      expect((await allPages(store, { stages: ["lead", "mql"] }, 1)).ids).toEqual(["c-01", "c-02", "c-03"]);
      expect((await allPages(store, { stages: ["lead", "mql"] }, 2)).ids).toEqual(["c-01", "c-02", "c-03"]);
    });

    it("lists an owner's and an account's contacts, following changes of owner and account", async () => {
      await seed(1, { owner: "rep-1", account: "acme.example" });
      await seed(2, { owner: "rep-2", account: "acme.example" });
      await seed(3, { owner: "rep-1", account: "globex.example" });
      expect((await allPages(store, { owner: "rep-1" }, 10)).ids).toEqual(["c-03", "c-01"]);
      expect((await allPages(store, { account: "acme.example" }, 10)).ids).toEqual(["c-02", "c-01"]);
      await store.updateContact("c-01", { owner: "rep-2", account: undefined }, at(20));
      await store.updateContact("c-03", { account: "acme.example" }, at(20));
      expect((await allPages(store, { owner: "rep-1" }, 10)).ids).toEqual(["c-03"]);
      expect((await allPages(store, { owner: "rep-2" }, 10)).ids).toEqual(["c-02", "c-01"]);
      expect((await allPages(store, { account: "acme.example" }, 10)).ids).toEqual(["c-03", "c-02"]);
      expect((await allPages(store, { account: "globex.example" }, 10)).ids).toEqual([]);
    });

    it("checks the other filters on the most selective list", async () => {
      for (let n = 1; n <= 6; n++)
        await seed(n, {
          owner: n % 2 ? "rep-1" : "rep-2",
          account: n <= 4 ? "acme.example" : "globex.example",
        });
      await store.changeStage({
        contactId: "c-03",
        from: "lead",
        to: "sql",
        at: at(30),
        by: "api",
        reason: "t",
      });
      expect((await allPages(store, { stages: ["lead"], owner: "rep-1" }, 1)).ids).toEqual(["c-05", "c-01"]);
      const filter = { stages: ["lead"], owner: "rep-1", account: "acme.example" };
      expect((await allPages(store, filter, 10)).ids).toEqual(["c-01"]);
      expect((await allPages(store, { owner: "rep-2", account: "acme.example" }, 10)).ids).toEqual([
        "c-04",
        "c-02",
      ]);
    });

    it("reads a bounded number of index items per page: a filtered page may be short, and still has a cursor", async () => {
      for (let n = 1; n <= MAX_INDEX_READS + 3; n++) await seed(n, { stage: n <= 2 ? "mql" : "lead" });
      const filter = { stages: ["mql"], owner: "rep-1" };
      const first = await store.listContacts(filter, { limit: 10 });
      // The newest MAX_INDEX_READS of rep-1's contacts are all in lead.
      expect(first.items).toEqual([]);
      expect(first.cursor).toBeDefined();
      const second = await store.listContacts(filter, { limit: 10, cursor: first.cursor! });
      expect(second.items.map((c) => c.id)).toEqual(["c-02", "c-01"]);
      expect(second.cursor).toBeUndefined();
    });

    it("lists an erased contact no more", async () => {
      for (let n = 1; n <= 2; n++) await seed(n, { account: "acme.example" });
      expect(await store.eraseContact("c-01", { at: at(30) })).toBe(true);
      for (const filter of [{ stages: ["lead"] }, { owner: "rep-1" }, { account: "acme.example" }])
        expect((await allPages(store, filter, 10)).ids).toEqual(["c-02"]);
    });

    it("refuses a cursor it did not give, and one of another list", async () => {
      for (let n = 1; n <= 3; n++) await seed(n);
      const { cursor } = await store.listContacts({ stages: ["lead"] }, { limit: 1 });
      expect(cursor).toBeDefined();
      await expect(store.listContacts({ owner: "rep-1" }, { limit: 1, cursor: cursor! })).rejects.toThrow(
        InvalidCursorError,
      );
      for (const forged of ["not-a-cursor", Buffer.from("{}").toString("base64url")])
        await expect(store.listContacts({ stages: ["lead"] }, { limit: 1, cursor: forged })).rejects.toThrow(
          InvalidCursorError,
        );
    });
  });
}
