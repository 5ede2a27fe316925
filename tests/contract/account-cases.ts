import { describe, expect, it } from "vitest";
import type { AccountDelta, AccountShare } from "../../src/core/accounts";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";

const share = (hundredths: number, fields: Partial<AccountShare> = {}): AccountShare => ({
  hundredths,
  engaged: hundredths >= 1000,
  stage: "001:lead",
  ...fields,
});

/** What a contact joining with `hundredths` adds. */
const joining = (hundredths: number, fields: Partial<AccountDelta> = {}): AccountDelta => ({
  hundredths,
  contacts: 1,
  engagedContacts: hundredths >= 1000 ? 1 : 0,
  stages: { "001:lead": 1 },
  ...fields,
});

/** Sums no row has: the settle leaves the top accounts alone. */
const NO_SUMS = { hundredths: -1, contacts: -1 };

/** Account members and rows (src/core/contact-store/accounts.ts): part of the ContactStore contract. */
export function accountCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);
  const acme = "acme.example";
  /** A change of no member's (ids `<account>:<n>`), added then settled: the row forgets it and takes its place. */
  const change = async (account: string, id: string, delta: AccountDelta) => {
    const sums = await store.addToAccount(account, { id, delta });
    await store.settleAccountChange(account, "nobody", { pending: { id }, sums });
    return sums;
  };

  describe("account members", () => {
    it("change one version at a time: marked pending, then settled with their new share", async () => {
      const target = { account: acme, contactId: "c.1", version: 0 };
      expect(await store.beginAccountChange(target, { id: "c.1:1", share: share(1250) })).toBe(true);
      // Pending, or at another version: refused.
      expect(await store.beginAccountChange(target, { id: "c.1:1", share: share(1) })).toBe(false);
      expect(await store.beginAccountChange({ ...target, version: 1 }, { id: "c.1:2" })).toBe(false);
      expect(await store.getAccountMember(acme, "c.1")).toEqual({
        account: acme,
        contactId: "c.1",
        version: 1,
        pending: { id: "c.1:1", share: share(1250) },
      });
      await store.settleAccountChange(acme, "c.1", {
        pending: { id: "c.1:1", share: share(1250) },
        sums: NO_SUMS,
      });
      await store.settleAccountChange(acme, "c.1", {
        pending: { id: "c.1:1", share: share(1250) },
        sums: NO_SUMS,
      });
      expect(await store.getAccountMember(acme, "c.1")).toEqual({
        account: acme,
        contactId: "c.1",
        version: 1,
        share: share(1250),
      });
      expect(await store.beginAccountChange({ ...target, version: 1 }, { id: "c.1:2" })).toBe(true);
      await store.settleAccountChange(acme, "c.1", { pending: { id: "c.1:2" }, sums: NO_SUMS });
      expect(await store.getAccountMember(acme, "c.1")).toBeUndefined();
      expect(await store.getAccountMember("other.example", "c.1")).toBeUndefined();
    });
  });

  describe("account rows", () => {
    it("add each change once however often it is retried, and keep their first owner", async () => {
      await store.addToAccount(acme, { id: "c-1:1", delta: joining(1250), owner: "rep-ana" });
      await store.addToAccount(acme, { id: "c-1:1", delta: joining(1250), owner: "rep-ana" });
      await store.addToAccount(acme, { id: "c-2:1", delta: joining(300), owner: "rep-raj" });
      const promoted = {
        hundredths: 4000,
        contacts: 0,
        engagedContacts: 0,
        stages: { "001:lead": -1, "002:mql": 1 },
      };
      await store.addToAccount(acme, { id: "c-2:2", delta: promoted });
      expect(await store.getAccount(acme)).toEqual({
        account: acme,
        hundredths: 5550,
        contacts: 2,
        engagedContacts: 1,
        stages: { "001:lead": 1, "002:mql": 1 },
        owner: "rep-ana",
      });
      // Once settled, the row forgets the id; the member's version makes the next change another id.
      await store.settleAccountChange(acme, "c-1", {
        pending: { id: "c-1:1", share: share(1250) },
        sums: NO_SUMS,
      });
      expect((await store.getAccount(acme))?.hundredths).toBe(5550);
      expect(await store.getAccount("never.example")).toBeUndefined();
    });

    it("list highest score first (ties by name), negative scores last, bounded by the limit", async () => {
      const scores: Array<[string, number]> = [
        ["b.example", 5025],
        ["a.example", 5025],
        ["c.example", 12000],
        ["d.example", -2000],
        ["e.example", 0],
      ];
      for (const [account, hundredths] of scores) await change(account, `${account}:1`, joining(hundredths));
      const top = await store.topAccounts(10);
      expect(top.map((a) => [a.account, a.hundredths])).toEqual([
        ["c.example", 12000],
        ["a.example", 5025],
        ["b.example", 5025],
        ["e.example", 0],
        ["d.example", -2000],
      ]);
      expect(top[0]).toEqual({
        account: "c.example",
        hundredths: 12000,
        contacts: 1,
        engagedContacts: 1,
        stages: { "001:lead": 1 },
      });
      expect((await store.topAccounts(2)).map((a) => a.account)).toEqual(["c.example", "a.example"]);
      expect(await store.topAccounts(0)).toEqual([]);
    });

    it("move in the list as their score changes, and leave it with no contacts left", async () => {
      expect(await change("a.example", "a:1", joining(1000))).toEqual({ hundredths: 1000, contacts: 1 });
      await change("b.example", "b:1", joining(2000));
      expect(await change("a.example", "a:2", joining(2000, { contacts: 0, stages: {} }))).toEqual({
        hundredths: 3000,
        contacts: 1,
      });
      expect((await store.topAccounts(5)).map((a) => a.account)).toEqual(["a.example", "b.example"]);
      const leaving = { hundredths: -3000, contacts: -1, engagedContacts: -1, stages: { "001:lead": -1 } };
      await change("a.example", "a:3", leaving);
      expect((await store.topAccounts(5)).map((a) => a.account)).toEqual(["b.example"]);
      expect(await store.getAccount("a.example")).toBeUndefined();
    });

    it("take their place from the latest change's sums when two changes settle out of order", async () => {
      await change("b.example", "b:1", joining(2000));
      const first = await store.addToAccount("a.example", { id: "a:1", delta: joining(1000) });
      const second = await store.addToAccount("a.example", { id: "a:2", delta: joining(2000) });
      expect(second).toEqual({ hundredths: 3000, contacts: 2 });
      // A retry of an added change adds nothing and answers the sums as they stand.
      expect(await store.addToAccount("a.example", { id: "a:1", delta: joining(1000) })).toEqual(second);
      await store.settleAccountChange("a.example", "nobody", { pending: { id: "a:2" }, sums: second });
      await store.settleAccountChange("a.example", "nobody", { pending: { id: "a:1" }, sums: first });
      expect((await store.topAccounts(5)).map((a) => [a.account, a.hundredths])).toEqual([
        ["a.example", 3000],
        ["b.example", 2000],
      ]);
    });
  });
}
