import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import type { Violation } from "../../src/compiler/violation";
import {
  type ConditionContext,
  evaluateCondition,
  mentionsAccount,
  mentionsScoreOrStage,
} from "../../src/core/conditions";
import { Condition } from "../../src/core/language";
import type { Contact } from "../../src/core/model";
import type { AccountSummary } from "../../src/core/reports/report-types";
import { validateInWorkspace } from "../helpers/validate-text";
import { REPO } from "../helpers/workspace";

const STAGES = ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist"];

const contact: Contact = {
  id: "c1",
  email: "ana@acme.example",
  account: "acme.example",
  attributes: {},
  stage: "lead",
  consent: { status: "subscribed", at: "2026-01-01T00:00:00Z", source: "form" },
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

const acme: AccountSummary = {
  account: "acme.example",
  score: 120,
  stage: "mql",
  contacts: 4,
  engagedContacts: 3,
};

/** Parses the condition through the schema first, then evaluates it with `account` (or none). */
function holds(condition: unknown, account: AccountSummary | "none" = acme): boolean {
  const ctx: ConditionContext = {
    contact,
    score: 5,
    stages: STAGES,
    events: [],
    now: new Date("2026-03-10T12:00:00Z"),
    ...(account !== "none" ? { account } : {}),
  };
  return evaluateCondition(Condition.parse(condition), ctx);
}

describe("account conditions", () => {
  it("compare the account's score and engaged contacts, not the contact's", () => {
    expect(holds({ account: { score: { gte: 100 } } })).toBe(true);
    expect(holds({ account: { score: { gt: 120 } } })).toBe(false);
    expect(holds({ account: { engagedContacts: { gte: 3 } } })).toBe(true);
    expect(holds({ account: { engagedContacts: { gte: 4 } } })).toBe(false);
  });

  it("read the account's stage: exactly, atLeast and atMost by scoring's order", () => {
    expect(holds({ account: { stage: "mql" } })).toBe(true);
    expect(holds({ account: { stage: "lead" } })).toBe(false);
    expect(holds({ account: { stage: { atLeast: "lead" } } })).toBe(true);
    expect(holds({ account: { stage: { atLeast: "sql" } } })).toBe(false);
    expect(holds({ account: { stage: { atMost: "mql" } } })).toBe(true);
    expect(holds({ account: { stage: { atMost: "lead" } } })).toBe(false);
  });

  it("hold only when every field given holds", () => {
    expect(holds({ account: { score: { gte: 100 }, stage: { atLeast: "mql" } } })).toBe(true);
    expect(holds({ account: { score: { gte: 100 }, engagedContacts: { gte: 5 } } })).toBe(false);
  });

  it("are false for a contact without an account, and for an account with no stage listed", () => {
    expect(holds({ account: { score: { gte: 0 } } }, "none")).toBe(false);
    expect(holds({ not: { account: { score: { gte: 0 } } } }, "none")).toBe(true);
    const { stage: _none, ...stageless } = acme;
    expect(holds({ account: { stage: { atMost: "evangelist" } } }, stageless)).toBe(false);
  });

  it("combine with the contact's own conditions", () => {
    const rule = { all: [{ score: { lt: 10 } }, { account: { engagedContacts: { gte: 3 } } }] };
    expect(holds(rule)).toBe(true);
  });

  it("are found through all/any/not, and count as reading the score and the stage", () => {
    const nested = Condition.parse({
      any: [{ event: "email.reply" }, { not: { account: { stage: "sql" } } }],
    });
    expect(mentionsAccount(nested)).toBe(true);
    expect(mentionsScoreOrStage(nested)).toBe(true);
    expect(mentionsAccount(Condition.parse({ all: [{ score: { gte: 1 } }] }))).toBe(false);
  });
});

const base = loadWorkspace({ cwd: REPO });
const sample = (file: string) => JSON.parse(readFileSync(join(REPO, file), "utf8"));
const validate = (file: string, value: unknown): Violation[] =>
  validateInWorkspace(base, file, new TextEncoder().encode(JSON.stringify(value, null, 2)));
const errors = (found: Violation[]) => found.filter((v) => v.severity === "error");

describe("the validator on account conditions and account handoffs", () => {
  const file = "workflows/trial-nurture.json";

  it("accepts account conditions and an account handoff", () => {
    const campaign = sample(file);
    campaign.exitWhen = { account: { stage: { atLeast: "customer" } } };
    campaign.handoff.when = { any: [campaign.handoff.when, { account: { engagedContacts: { gte: 3 } } }] };
    campaign.handoff.scope = "account";
    campaign.handoff.enroll = "engaged";
    expect(errors(validate(file, campaign))).toEqual([]);
  });

  it("names a stage scoring.json does not list, at its JSON path", () => {
    const campaign = sample(file);
    campaign.exitWhen = { account: { stage: { atLeast: "won" } } };
    expect(errors(validate(file, campaign))).toEqual([
      expect.objectContaining({
        path: "/exitWhen/account/stage/atLeast",
        code: "unknown-stage",
        message: expect.stringContaining("stage 'won' is not in scoring.json's stages"),
      }),
    ]);
  });

  it("says what an empty account condition needs, with an example", () => {
    const campaign = sample(file);
    campaign.exitWhen = { account: {} };
    const [found] = errors(validate(file, campaign));
    expect(found).toMatchObject({ path: "/exitWhen/account" });
    expect(found?.message).toContain("an account condition needs score, engagedContacts or stage");
  });

  it("names a field an account condition does not have, and the ones it has", () => {
    const campaign = sample(file);
    campaign.exitWhen = { account: { owner: "rep-ana" } };
    expect(errors(validate(file, campaign))).toEqual([
      expect.objectContaining({
        path: "/exitWhen/account",
        message: expect.stringContaining("an account condition needs score, engagedContacts or stage"),
      }),
      expect.objectContaining({ path: "/exitWhen/account/owner", code: "unknown-field" }),
    ]);
  });

  it('refuses "enroll" without "scope": "account", and an unknown enroll value', () => {
    const campaign = sample(file);
    campaign.handoff.enroll = "all";
    expect(errors(validate(file, campaign))).toEqual([
      expect.objectContaining({
        path: "/handoff/enroll",
        code: "invalid-value",
        message: expect.stringContaining('it needs "scope": "account"'),
      }),
    ]);
    campaign.handoff.scope = "account";
    campaign.handoff.enroll = "everyone";
    const [found] = errors(validate(file, campaign));
    expect(found?.path).toBe("/handoff/enroll");
  });

  it("refuses an account condition in scoring.json and says where it belongs", () => {
    const scoring = sample("workflows/scoring.json");
    scoring.promote.sql = { any: [{ score: { gte: 80 } }, { account: { score: { gte: 200 } } }] };
    expect(errors(validate("workflows/scoring.json", scoring))).toEqual([
      expect.objectContaining({
        path: "/promote/sql/any/1/account",
        code: "invalid-condition",
        message: expect.stringContaining("cannot use an account condition: put it in a campaign"),
      }),
    ]);
  });
});
