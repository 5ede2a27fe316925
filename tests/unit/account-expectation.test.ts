import { describe, expect, it } from "vitest";
import type { Catalog } from "../../src/core/engine/deps";
import { check, type Outcome } from "../../src/runtime/scenario/expectations";

const outcome: Outcome = {
  catalog: {} as Catalog,
  start: Date.parse("2026-03-02T14:00:00Z"),
  histories: new Map(),
  slackPosts: [],
  zoneOf: () => () => "UTC",
  initialStage: () => "subscriber",
  accounts: new Map([
    [
      "acme.example",
      { account: "acme.example", score: 70, stage: "sql", owner: "rep-ana", contacts: 3, engagedContacts: 2 },
    ],
  ]),
};

describe("the account expectation", () => {
  it("holds for the account's stage and owner at the end, whatever the case of its name", () => {
    expect(check({ account: "Acme.Example", stage: "sql", owner: "rep-ana" }, outcome)).toBeUndefined();
    expect(check({ account: "acme.example" }, outcome)).toBeUndefined();
  });

  it("says what the account's stage and owner are when they differ", () => {
    const failure = check({ account: "acme.example", stage: "mql", owner: "rep-raj" }, outcome);
    expect(failure?.actual).toMatchObject({
      account: "acme.example",
      contacts: 3,
      found: "the account's stage is 'sql', not 'mql'; the account's owner is 'rep-ana', not 'rep-raj'",
    });
  });

  it("says so when no contact belongs to the account", () => {
    const failure = check({ account: "initech.example", owner: "rep-ana" }, outcome);
    expect(failure?.actual).toEqual({
      found: "no contact of the scenario belongs to this account at the end",
    });
  });
});
