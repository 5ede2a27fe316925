import { describe, expect, it } from "vitest";
import { type AccountMember, accountOf, engagedScore, summarizeAccount } from "../../src/core/accounts";
import { accountsReport } from "../../src/core/reports/accounts";

const none = {};
const extra = { accounts: { freeMailDomains: ["mail.example"] } };

describe("accountOf", () => {
  it("is the email's domain, lower-cased", () => {
    expect(accountOf({ email: "ana@Acme.Example" }, none)).toBe("acme.example");
  });

  it("is none for a free-mail address, in any case, built-in or from settings", () => {
    expect(accountOf({ email: "ana@gmail.com" }, none)).toBeUndefined();
    expect(accountOf({ email: "ana@GMAIL.COM" }, none)).toBeUndefined();
    expect(accountOf({ email: "ana@proton.me" }, none)).toBeUndefined();
    expect(accountOf({ email: "ana@mail.example" }, none)).toBe("mail.example");
    expect(accountOf({ email: "ana@Mail.Example" }, extra)).toBeUndefined();
  });

  it("is the contact's own account when given (trimmed, lower-cased), even for free mail", () => {
    expect(accountOf({ email: "ana@gmail.com", account: " Acme.Example " }, none)).toBe("acme.example");
    expect(accountOf({ email: "ana@other.example", account: "Acme Analytics" }, none)).toBe("acme analytics");
    expect(accountOf({ email: "ana@acme.example", account: "  " }, none)).toBe("acme.example");
  });

  it("keeps a subdomain as it is: mail.acme.example is not folded into acme.example", () => {
    expect(accountOf({ email: "ana@mail.acme.example" }, none)).toBe("mail.acme.example");
  });

  it("is none for an address without a domain", () => {
    expect(accountOf({ email: "ana@" }, none)).toBeUndefined();
  });
});

const member = (contactId: string, fields: Partial<AccountMember>): AccountMember => ({
  account: "acme.example",
  contactId,
  score: 0,
  stage: "subscriber",
  at: "2026-03-02T14:00:00.000Z",
  ...fields,
});
const stages = ["subscriber", "lead", "mql", "sql"];

describe("summarizeAccount", () => {
  it("sums scores without float dust, takes the latest stage, counts engaged contacts and the first owner", () => {
    const members = [
      member("c-1", { score: 0.1, stage: "mql", owner: "rep-raj", ownedSince: "2026-03-02T15:00:00.000Z" }),
      member("c-2", { score: 0.2, stage: "lead", owner: "rep-ana", ownedSince: "2026-03-02T14:30:00.000Z" }),
      member("c-3", { score: 10, stage: "retired" }),
    ];
    expect(summarizeAccount("acme.example", members, { stages, engaged: 10 })).toEqual({
      account: "acme.example",
      score: 10.3,
      stage: "mql",
      owner: "rep-ana",
      contacts: 3,
      engagedContacts: 1,
    });
  });

  it("of no members is an empty row", () => {
    expect(summarizeAccount("acme.example", [], { stages, engaged: 10 })).toEqual({
      account: "acme.example",
      score: 0,
      contacts: 0,
      engagedContacts: 0,
    });
  });

  it("counts engaged contacts from settings.accounts.engagedScore, 10 without it", () => {
    expect(engagedScore({})).toBe(10);
    expect(engagedScore({ accounts: { engagedScore: 25 } })).toBe(25);
  });
});

describe("accountsReport", () => {
  it("asks the store for 25 accounts by default and never more than 100", async () => {
    const asked: number[] = [];
    const store = {
      topAccounts: async (limit: number) => {
        asked.push(limit);
        return [];
      },
    };
    await accountsReport(store);
    await accountsReport(store, { limit: 1000 });
    await accountsReport(store, { limit: 3 });
    expect(asked).toEqual([25, 100, 3]);
  });
});
