// A redelivered event after an attempt that ended an enrollment and died before counting the ending
// (found by the chaos run on the local servers: `wf#sdr-follow-up stopped: stored 4, recounted 5`).
// The rules look only at active enrollments, so the redelivery must count what the dead attempt
// recorded: the counters then match the records (src/runtime/chaos/recount.ts).
import { describe, expect, it } from "vitest";
import { enroll, upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import type { ContactStore } from "../../../src/core/ports";
import { countDifferences, recount, storedCounts } from "../../../src/runtime/chaos/recount";
import { slaEngine } from "../../helpers/sla-engine";

/** The store's next count of a fact whose id starts with `prefix` fails, as a throttled write would. */
function failNextCount(store: ContactStore, prefix: string): void {
  const real = store.countOnce.bind(store);
  let armed = true;
  Object.assign(store, {
    countOnce: async (fact: Parameters<ContactStore["countOnce"]>[0]) => {
      if (armed && fact.id.startsWith(prefix)) {
        armed = false;
        throw new Error("throttled on purpose");
      }
      return real(fact);
    },
  });
}

describe("a redelivered event after an attempt that died before counting what it recorded (memory store)", () => {
  it("counts the ending of the enrollment the dead attempt stopped", async () => {
    const { deps, clock } = slaEngine();
    const id = "re-1";
    await upsertContact(deps, { id, email: `${id}@example.com` });
    expect((await enroll(deps, id, "sdr-follow-up")).status).toBe("enrolled");
    clock.advance(60);
    const booked = {
      id: "api:re-1-meeting",
      contactId: id,
      name: "meeting.booked",
      at: clock.now().toISOString(),
      properties: {},
    };
    failNextCount(deps.store, "end:");
    await expect(ingestEvent(deps, booked)).rejects.toThrow("throttled on purpose");
    expect((await deps.store.getContactView(id))!.enrollments[0]!.status).toBe("stopped");
    clock.advance(60);

    expect((await ingestEvent(deps, booked)).duplicate).toBe(true);
    const stored = await storedCounts(deps.store, deps.catalog);
    expect(countDifferences(stored, await recount(deps.store, [id], deps.catalog))).toEqual([]);
  });
});
