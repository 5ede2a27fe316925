import { describe, expect, it } from "vitest";
import type { CountedFact } from "../../src/core/contact-store";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { aContact, T0 } from "./fixtures";

const SCOPE = "wf#welcome";

/** A fact adding `sent` to its day row and `active` to the totals row, with a sample. */
function aFact(id: string, day = "2025-03-01", contactId = "c-1"): CountedFact {
  return {
    id,
    contactId,
    adds: [
      { scope: SCOPE, day, counts: { sent: 1, "step:s1:sent": 1 }, samples: { wait: [5] } },
      { scope: SCOPE, counts: { active: 1 } },
    ],
  };
}

/** Report counters counted exactly once per fact: part of the ContactStore contract. */
export function statsCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);
  const sentOn = async (day: string) =>
    (await store.counterRows(SCOPE, { from: day, to: day }))[0]?.counts.sent ?? 0;
  const active = async () => (await store.counterTotals(SCOPE))?.counts.active ?? 0;

  describe("report counters", () => {
    it("count a fact once however often it is redelivered", async () => {
      expect(await store.counterTotals(SCOPE)).toBeUndefined();
      expect(await store.countOnce(aFact("sent:welcome.1:s1"))).toBe(true);
      expect(await store.countOnce(aFact("sent:welcome.1:s1"))).toBe(false);
      expect(await store.countOnce(aFact("sent:welcome.1:s1"))).toBe(false);
      expect(await sentOn("2025-03-01")).toBe(1);
      expect(await active()).toBe(1);
    });

    it("count concurrent distinct facts, every one of them", async () => {
      const facts = Array.from({ length: 30 }, (_, i) =>
        aFact(`sent:welcome.${i}:s1`, "2025-03-01", `c-${i % 3}`),
      );
      const counted = await Promise.all(facts.map((fact) => store.countOnce(fact)));
      expect(counted.every(Boolean)).toBe(true);
      expect(await sentOn("2025-03-01")).toBe(30);
      expect(await active()).toBe(30);
    });

    it("count the same fact id of different contacts once each, concurrently", async () => {
      const facts = Array.from({ length: 20 }, (_, i) =>
        aFact("opened:welcome.1:s1", "2025-03-01", `c-${i}`),
      );
      expect((await Promise.all(facts.map((fact) => store.countOnce(fact)))).every(Boolean)).toBe(true);
      expect(await sentOn("2025-03-01")).toBe(20);
    });

    it("count the same fact raced ten times once", async () => {
      const counted = await Promise.all(
        Array.from({ length: 10 }, () => store.countOnce(aFact("open:welcome.1:s1"))),
      );
      expect(counted.filter(Boolean)).toHaveLength(1);
      expect(await sentOn("2025-03-01")).toBe(1);
      expect(await active()).toBe(1);
      expect((await store.counterRows(SCOPE, { from: "2025-03-01", to: "2025-03-01" }))[0]?.samples).toEqual({
        wait: [5],
      });
    });

    it("give the day rows of a range oldest first, and the totals row apart", async () => {
      for (const day of ["2025-03-03", "2025-03-01", "2025-03-05", "2025-03-02", "2025-03-04"])
        await store.countOnce(aFact(`sent:${day}`, day));
      await store.countOnce(aFact("sent:again", "2025-03-03"));
      const rows = await store.counterRows(SCOPE, { from: "2025-03-02", to: "2025-03-04" });
      expect(rows.map((row) => [row.day, row.counts.sent])).toEqual([
        ["2025-03-02", 1],
        ["2025-03-03", 2],
        ["2025-03-04", 1],
      ]);
      expect(rows[1]).toEqual({
        scope: SCOPE,
        day: "2025-03-03",
        counts: { sent: 2, "step:s1:sent": 2 },
        samples: { wait: [5, 5] },
      });
      expect(await store.counterRows("wf#other", { from: "2025-03-01", to: "2025-03-05" })).toEqual([]);
      expect(await store.counterTotals(SCOPE)).toEqual({ scope: SCOPE, counts: { active: 6 }, samples: {} });
    });

    it("let gauges go up and down, facts of no contact included", async () => {
      const gauge = (id: string, amount: number): CountedFact => ({
        id,
        adds: [{ scope: "stages", counts: { "stage:lead": amount } }],
      });
      await store.countOnce(gauge("stage:1", 1));
      await store.countOnce(gauge("stage:2", 1));
      await store.countOnce(gauge("stage:3", -1));
      await store.countOnce(gauge("stage:3", -1));
      expect((await store.counterTotals("stages"))?.counts).toEqual({ "stage:lead": 1 });
    });

    it("append samples in the order their facts were counted, and merge two additions to one row", async () => {
      const sample = (id: string, seconds: number): CountedFact => ({
        id,
        adds: [
          {
            scope: "sla",
            day: "2025-03-01",
            counts: { "owner:rep-1:accepted": 1 },
            samples: { "owner:rep-1:toAccept": [seconds] },
          },
          { scope: "sla", day: "2025-03-01", counts: { "owner:rep-1:accepted": 1 } },
        ],
      });
      for (const [i, seconds] of [60, 30, 90].entries())
        await store.countOnce(sample(`accept:${i}`, seconds));
      const [row] = await store.counterRows("sla", { from: "2025-03-01", to: "2025-03-01" });
      expect(row?.counts).toEqual({ "owner:rep-1:accepted": 6 });
      expect(row?.samples).toEqual({ "owner:rep-1:toAccept": [60, 30, 90] });
    });

    it("forget a contact's counted facts when the contact is erased, and keep the counts", async () => {
      await store.createContact(aContact("c-erased"));
      await store.countOnce(aFact("sent:erased.1:s1", "2025-03-01", "c-erased"));
      await store.eraseContact("c-erased", { at: T0 });
      const dump = current().dump;
      if (dump) expect(await dump()).not.toContain("sent:erased.1:s1");
      expect(await sentOn("2025-03-01")).toBe(1);
    });

    failureCases(current);
  });
}

/** A request failing at each step of countOnce, before or after doing its work: the retry counts once. */
function failureCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);
  // countOnce of a fact with two rows: 1 read, 2 adds, 1 marker, 2 removes.
  const REQUESTS = 6;
  for (const when of ["before", "after"] as const)
    it(`count once when any one request fails ${when} doing its work, and countOnce is retried`, async (context) => {
      const inject = current().failRequest;
      if (!inject) return context.skip();
      for (let request = 0; request < REQUESTS; request++) {
        const fact = aFact(`sent:fail-${when}.${request}:s1`);
        inject({ request, when });
        await expect(store.countOnce(fact)).rejects.toThrow();
        await store.countOnce(fact);
        expect(await store.countOnce(fact)).toBe(false);
        expect(await sentOn()).toBe(request + 1);
        expect((await store.counterTotals(SCOPE))?.counts.active).toBe(request + 1);
      }
    });

  async function sentOn() {
    return (await store.counterRows(SCOPE, { from: "2025-03-01", to: "2025-03-01" }))[0]?.counts.sent ?? 0;
  }
}
