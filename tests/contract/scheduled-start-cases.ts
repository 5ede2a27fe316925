import { describe, expect, it } from "vitest";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { anEnrollment, at } from "./fixtures";

const second = (iso: string) => Date.parse(iso) / 1000;

/** The scheduled starts (src/adapters/single-table/scheduled-starts.ts): part of the ContactStore contract. */
export function scheduledStartCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  describe("scheduled starts", () => {
    it("lists a minute's scheduled starts in start-second order, by startSlot when reserved", async () => {
      // The opening is at(10) = 09:10; c-1 and c-3 were given seconds 20 and 5 after it, c-2 none.
      const opening = at(10);
      await store.createEnrollment(
        anEnrollment("c-1", "trial", 1, { startsAt: opening, startSlot: second(opening) + 20 }),
      );
      await store.createEnrollment(anEnrollment("c-2", "trial", 1, { startsAt: opening }));
      await store.createEnrollment(
        anEnrollment("c-3", "trial", 1, { startsAt: opening, startSlot: second(opening) + 5 }),
      );
      // Reserved past the minute: listed in the next one.
      await store.createEnrollment(
        anEnrollment("c-4", "trial", 1, { startsAt: opening, startSlot: second(opening) + 65 }),
      );
      await store.createEnrollment(anEnrollment("c-5", "trial", 1));
      const minute = opening.slice(0, 16);
      const listed = await store.listScheduledStarts(minute);
      expect(listed.map((s) => s.contactId)).toEqual(["c-2", "c-3", "c-1"]);
      expect(listed[1]).toEqual({
        id: "trial.1",
        contactId: "c-3",
        workflowId: "trial",
        executionName: anEnrollment("c-3", "trial", 1).executionName,
        startsAt: opening,
        startSlot: second(opening) + 5,
      });
      expect((await store.listScheduledStarts(at(11).slice(0, 16))).map((s) => s.contactId)).toEqual(["c-4"]);
      expect(await store.listScheduledStarts(at(12).slice(0, 16))).toEqual([]);
    });

    it("clears a scheduled start once, only while it still holds that startsAt, and keeps its slot", async () => {
      const opening = at(10);
      const slot = second(opening) + 3;
      await store.createEnrollment(anEnrollment("c-1", "trial", 1, { startsAt: opening, startSlot: slot }));
      expect(await store.clearScheduledStart("c-1", "trial.1", at(11))).toBe(false);
      expect(await store.clearScheduledStart("c-1", "trial.1", opening)).toBe(true);
      expect(await store.clearScheduledStart("c-1", "trial.1", opening)).toBe(false);
      expect(await store.clearScheduledStart("c-9", "trial.1", opening)).toBe(false);
      const after = await store.getEnrollment("c-1", "trial.1");
      expect(after?.startsAt).toBeUndefined();
      expect(after?.startSlot).toBe(slot);
      expect(await store.listScheduledStarts(opening.slice(0, 16))).toEqual([]);
    });

    it("never lets an enrollment patch move startsAt (its index keys follow clearScheduledStart only)", async () => {
      const opening = at(10);
      await store.createEnrollment(anEnrollment("c-1", "trial", 1, { startsAt: opening }));
      await store.updateEnrollment("c-1", "trial.1", { startsAt: undefined, currentStep: "welcome" });
      await store.updateEnrollment("c-1", "trial.1", { startsAt: at(30) });
      expect((await store.getEnrollment("c-1", "trial.1"))?.startsAt).toBe(opening);
      expect((await store.listScheduledStarts(opening.slice(0, 16))).map((s) => s.contactId)).toEqual([
        "c-1",
      ]);
    });
  });
}
