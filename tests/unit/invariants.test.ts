import { describe, expect, it } from "vitest";
import { MemoryContactStore } from "../../src/adapters/local/memory-store";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import { countCreated, countEnrolled } from "../../src/core/engine/count-facts";
import { checkInvariants } from "../../src/runtime/chaos/invariants";
import { Monitor } from "../../src/runtime/chaos/monitor";
import type { ExecutionRecord } from "../../src/runtime/local-runtime";
import { aContact, anEnrollment, at } from "../contract/fixtures";
import { REPO } from "../helpers/workspace";

const { catalog } = await catalogFromWorkspace({ cwd: REPO });

function execution(contactId: string, enrollmentId: string, status: ExecutionRecord["status"]) {
  return { contactId, enrollmentId, workflowId: "", name: "", status, handle: {} } as ExecutionRecord;
}

/** Each invariant's check, fed a world that breaks it: proof that every check can fail. */
describe("the chaos invariants", () => {
  it("count a step sent twice and an email sent by a step that began after consent was withdrawn", async () => {
    const monitor = new Monitor();
    const tags = { contact: "c-1", enrollment: "trial-nurture.1", step: "welcome" };
    monitor.invocation.run({ startedAt: monitor.tick() }, () => monitor.sent(tags));
    monitor.invocation.run({ startedAt: monitor.tick() }, () => monitor.sent(tags));
    monitor.withdraw("c-1");
    monitor.invocation.run({ startedAt: monitor.tick() }, () => monitor.sent({ ...tags, step: "nudge" }));
    const { breaches } = await checkInvariants({
      store: new MemoryContactStore(),
      catalog,
      monitor,
      executions: [],
      contactIds: [],
    });
    expect(breaches).toMatchObject({ noStepSentTwice: 1, noSendAfterWithdrawal: 1 });
  });

  it("count stuck enrollments, events stored other than once, and handoffs without their sequence", async () => {
    const store = new MemoryContactStore();
    const monitor = new Monitor();
    for (const id of ["c-1", "c-2", "c-3"]) await store.createContact(aContact(id));
    await store.createEnrollment(anEnrollment("c-1", "trial-nurture", 1, { status: "active" }));
    await store.createEnrollment(anEnrollment("c-2", "trial-nurture", 1, { status: "failed" }));
    await store.createEnrollment(
      anEnrollment("c-3", "trial-nurture", 1, { status: "handed-off", endedAt: at(5) }),
    );
    monitor.deliveredEvent({
      id: "e",
      contactId: "c-1",
      name: "email.open",
      at: at(1),
      properties: {},
      messageId: "m-1",
    });
    const { breaches, examples } = await checkInvariants({
      store,
      catalog,
      monitor,
      executions: [execution("c-3", "trial-nurture.1", "running")],
      contactIds: ["c-1", "c-2", "c-3"],
    });
    expect(breaches).toMatchObject({
      noStuckEnrollment: 3,
      everyEventStoredOnce: 1,
      everyHandoffOneSequence: 1,
    });
    expect(examples.noStuckEnrollment).toContain("c-3/trial-nurture.1: handed-off, execution still running");
  });

  it("count counters that differ from a recount of the records: a fact counted twice, or never", async () => {
    const store = new MemoryContactStore();
    await store.createContact(aContact("c-1"));
    const enrollment = anEnrollment("c-1", "trial-nurture", 1, { status: "active", startedAt: at(0) });
    await store.createEnrollment(enrollment);
    await countCreated({ store }, aContact("c-1"));
    await countEnrolled({ store }, enrollment);
    const clean = await checkInvariants({
      store,
      catalog,
      monitor: new Monitor(),
      executions: [],
      contactIds: ["c-1"],
    });
    expect(clean.breaches.countersMatchRecords).toBe(0);
    // The same enrollment counted again under another fact id: enrolled and active twice.
    await countEnrolled({ store }, { ...enrollment, id: "trial-nurture.9" });
    const { breaches, examples } = await checkInvariants({
      store,
      catalog,
      monitor: new Monitor(),
      executions: [],
      contactIds: ["c-1"],
    });
    expect(breaches.countersMatchRecords).toBe(2);
    expect(examples.countersMatchRecords).toContain(
      "wf#trial-nurture all days enrolled: stored 2, recounted 1",
    );
  });
});
