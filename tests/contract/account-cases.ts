import { describe, expect, it } from "vitest";
import type { AccountMember } from "../../src/core/accounts";
import type { AccountSummary } from "../../src/core/reports/report-types";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";

const member = (
  contactId: string,
  fields: Partial<AccountMember> = {},
): Omit<AccountMember, "ownedSince"> => ({
  account: "acme.example",
  contactId,
  score: 12.5,
  stage: "lead",
  at: "2026-03-02T14:00:00.000Z",
  ...fields,
});

const row = (account: string, score: number, fields: Partial<AccountSummary> = {}): AccountSummary => ({
  account,
  score,
  contacts: 1,
  engagedContacts: 0,
  ...fields,
});

/** Account members and rows (src/core/contact-store/accounts.ts): part of the ContactStore contract. */
export function accountCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  describe("account members", () => {
    it("are read back per account, and a later write replaces an earlier one but not the reverse", async () => {
      await store.putAccountMember(member("c-1"));
      await store.putAccountMember(member("c-2", { score: 3 }));
      await store.putAccountMember(member("c-3", { account: "other.example" }));
      await store.putAccountMember(
        member("c-1", { score: 40, stage: "mql", at: "2026-03-02T15:00:00.000Z" }),
      );
      await store.putAccountMember(member("c-1", { score: 1, at: "2026-03-02T14:30:00.000Z" }));
      const members = await store.accountMembers("acme.example");
      expect(members.map((m) => [m.contactId, m.score, m.stage])).toEqual([
        ["c-1", 40, "mql"],
        ["c-2", 3, "lead"],
      ]);
      await store.removeAccountMember("acme.example", "c-2");
      await store.removeAccountMember("acme.example", "c-never");
      expect((await store.accountMembers("acme.example")).map((m) => m.contactId)).toEqual(["c-1"]);
    });

    it("keep when the owner was first seen while it stays, and start again when it changes", async () => {
      await store.putAccountMember(member("c-1", { owner: "rep-ana" }));
      await store.putAccountMember(member("c-1", { owner: "rep-ana", at: "2026-03-02T16:00:00.000Z" }));
      expect((await store.accountMembers("acme.example"))[0]).toMatchObject({
        owner: "rep-ana",
        ownedSince: "2026-03-02T14:00:00.000Z",
      });
      await store.putAccountMember(member("c-1", { owner: "rep-raj", at: "2026-03-02T17:00:00.000Z" }));
      expect((await store.accountMembers("acme.example"))[0]).toMatchObject({
        owner: "rep-raj",
        ownedSince: "2026-03-02T17:00:00.000Z",
      });
      await store.putAccountMember(member("c-1", { at: "2026-03-02T18:00:00.000Z" }));
      const [unowned] = await store.accountMembers("acme.example");
      expect(unowned?.owner).toBeUndefined();
      expect(unowned?.ownedSince).toBeUndefined();
    });
  });

  describe("account rows", () => {
    it("are written only for a newer revision, and keep their first owner", async () => {
      expect(await store.putAccountRow(row("acme.example", 10, { owner: "rep-ana", stage: "lead" }), 2)).toBe(
        true,
      );
      expect(await store.putAccountRow(row("acme.example", 99), 1)).toBe(false);
      expect(await store.putAccountRow(row("acme.example", 99), 2)).toBe(false);
      expect(await store.putAccountRow(row("acme.example", 20, { owner: "rep-raj", contacts: 2 }), 3)).toBe(
        true,
      );
      expect(await store.getAccount("acme.example")).toEqual(
        row("acme.example", 20, { owner: "rep-ana", contacts: 2 }),
      );
      expect(await store.getAccount("never.example")).toBeUndefined();
    });

    it("list highest score first (ties by name), negative scores last, bounded by the limit", async () => {
      await store.putAccountRow(row("b.example", 50.25), 1);
      await store.putAccountRow(row("a.example", 50.25), 1);
      await store.putAccountRow(row("c.example", 120), 1);
      await store.putAccountRow(row("d.example", -20), 1);
      await store.putAccountRow(row("e.example", 0), 1);
      const top = await store.topAccounts(10);
      expect(top.map((a) => [a.account, a.score])).toEqual([
        ["c.example", 120],
        ["a.example", 50.25],
        ["b.example", 50.25],
        ["e.example", 0],
        ["d.example", -20],
      ]);
      expect(top[0]).toEqual(row("c.example", 120));
      expect((await store.topAccounts(2)).map((a) => a.account)).toEqual(["c.example", "a.example"]);
      expect(await store.topAccounts(0)).toEqual([]);
    });

    it("move in the list as their score changes, and leave it with no contacts left", async () => {
      await store.putAccountRow(row("a.example", 10), 1);
      await store.putAccountRow(row("b.example", 20), 1);
      await store.putAccountRow(row("a.example", 30), 2);
      expect((await store.topAccounts(5)).map((a) => a.account)).toEqual(["a.example", "b.example"]);
      await store.putAccountRow(row("a.example", 0, { contacts: 0 }), 3);
      expect((await store.topAccounts(5)).map((a) => a.account)).toEqual(["b.example"]);
      expect(await store.getAccount("a.example")).toBeUndefined();
      // An older recount, computed while the contact was still there, cannot bring the row back.
      expect(await store.putAccountRow(row("a.example", 30), 2)).toBe(false);
      expect((await store.topAccounts(5)).map((a) => a.account)).toEqual(["b.example"]);
    });
  });
}
