import { describe, expect, it } from "vitest";
import {
  accountOf,
  accountSummary,
  deltaBetween,
  engagedScore,
  FREE_MAIL_DOMAINS,
  sameShare,
  shareOf,
  stageKey,
} from "../../src/core/accounts";
import { accountsReport } from "../../src/core/reports/accounts";

const none = {};
/**
 * Built-in free-mail domains, taken from the list at run time: the file writes no real address.
 * `freeMail` is the first, `otherFreeMail` one further down the list.
 */
const freeMail = FREE_MAIL_DOMAINS[0]!;
const otherFreeMail = FREE_MAIL_DOMAINS[FREE_MAIL_DOMAINS.length - 1]!;
const extra = { accounts: { freeMailDomains: ["mail.example"] } };

describe("accountOf", () => {
  it("is the email's domain, lower-cased", () => {
    expect(accountOf({ email: "ana@Acme.Example" }, none)).toBe("acme.example");
  });

  it("is none for a free-mail address, in any case, built-in or from settings", () => {
    expect(accountOf({ email: `ana@${freeMail}` }, none)).toBeUndefined();
    expect(accountOf({ email: `ana@${freeMail.toUpperCase()}` }, none)).toBeUndefined();
    expect(accountOf({ email: `ana@${otherFreeMail}` }, none)).toBeUndefined();
    expect(accountOf({ email: "ana@mail.example" }, none)).toBe("mail.example");
    expect(accountOf({ email: "ana@Mail.Example" }, extra)).toBeUndefined();
  });

  it("is the contact's own account when given (trimmed, lower-cased), even for free mail", () => {
    expect(accountOf({ email: `ana@${freeMail}`, account: " Acme.Example " }, none)).toBe("acme.example");
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

const stages = ["subscriber", "lead", "mql", "sql"];
const options = { stages, engaged: 10 };

describe("account shares and rows", () => {
  it("a contact's share: its score in hundredths, engaged from the threshold, its stage by position", () => {
    expect(shareOf({ score: 10.005, stage: "mql", owner: "rep-ana" }, options)).toEqual({
      hundredths: 1001,
      engaged: true,
      stage: "002:mql",
      owner: "rep-ana",
    });
    expect(shareOf({ stage: "retired" }, options)).toEqual({ hundredths: 0, engaged: false });
    expect(stageKey(stages, "sql")).toBe("003:sql");
  });

  it("a change adds the difference of the shares; joining and leaving count the contact", () => {
    const before = shareOf({ score: 5, stage: "lead" }, options);
    const after = shareOf({ score: 45, stage: "mql" }, options);
    expect(deltaBetween(before, after)).toEqual({
      hundredths: 4000,
      contacts: 0,
      engagedContacts: 1,
      stages: { "001:lead": -1, "002:mql": 1 },
    });
    expect(deltaBetween(undefined, before)).toEqual({
      hundredths: 500,
      contacts: 1,
      engagedContacts: 0,
      stages: { "001:lead": 1 },
    });
    expect(deltaBetween(after, undefined)).toMatchObject({
      hundredths: -4500,
      contacts: -1,
      engagedContacts: -1,
    });
    expect(deltaBetween(before, before)).toEqual({
      hundredths: 0,
      contacts: 0,
      engagedContacts: 0,
      stages: {},
    });
    expect(sameShare(before, { ...before })).toBe(true);
    expect(sameShare(before, { ...before, owner: "rep-ana" })).toBe(false);
    expect(sameShare(undefined, undefined)).toBe(true);
  });

  it("a row as the report shows it: points, and the latest stage that still has contacts", () => {
    const row = {
      account: "acme.example",
      hundredths: 1030,
      contacts: 3,
      engagedContacts: 1,
      stages: { "001:lead": 2, "003:sql": 0, "002:mql": 1 },
      owner: "rep-ana",
    };
    expect(accountSummary(row)).toEqual({
      account: "acme.example",
      score: 10.3,
      stage: "mql",
      owner: "rep-ana",
      contacts: 3,
      engagedContacts: 1,
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
