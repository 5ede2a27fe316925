import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enroll, upsertContact } from "../../../src/core/engine/enroll-contact";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { startEngine, type TestEngine } from "../../helpers/engine";

let t: TestEngine;
beforeAll(async () => {
  t = await startEngine();
});
afterAll(async () => t.close());

const handoff = {
  to: "sdr-follow-up",
  setStage: "sql",
  assign: "round-robin",
  notify: { slack: "sales-handoffs" },
};

async function drip(id: string, extra: Record<string, unknown> = {}) {
  await upsertContact(t.deps, {
    id,
    email: `${id}@example.com`,
    firstName: "Ana",
    company: "Globex",
    ...extra,
  });
  const result = await enroll(t.deps, id, "trial-nurture");
  if (result.status !== "enrolled") throw new Error(result.status);
  return result.enrollment;
}

describe("the handoff handler on dynalite", () => {
  it("sets the stage, assigns an owner round-robin, notifies Slack and starts the sequence once", async () => {
    const e = await drip("ho-1");
    const payload = { workflow: "trial-nurture", contactId: "ho-1", enrollmentId: e.id, handoff };
    const first = await stepHandlers(t.deps).handoff(payload);
    const retry = await stepHandlers(t.deps).handoff(payload);
    expect(first).toMatchObject({ status: "enrolled", enrollmentId: "sdr-follow-up.1" });
    expect(retry).toMatchObject({ status: "already-active", enrollmentId: "sdr-follow-up.1" });
    const contact = await t.deps.store.getContact("ho-1");
    expect(contact?.stage).toBe("sql");
    expect(contact?.owner).toBe("rep-ana");
    expect((await t.deps.store.getEnrollment("ho-1", e.id))?.status).toBe("handed-off");
    const sequences = await t.deps.store.listEnrollments("ho-1", "sdr-follow-up");
    expect(sequences).toHaveLength(1);
    expect(sequences[0]?.source).toMatchObject({ enrollmentId: e.id, why: "handoff" });
    const started = t.control.started.filter(
      (s) => s.workflowId === "sdr-follow-up" && s.input.contactId === "ho-1",
    );
    expect(started).toHaveLength(1);
    expect(started[0]!.name).toMatch(/^sdr-follow-up-[0-9a-f]{20}-1$/);
    expect(started[0]!.name).not.toContain("ho-1");
    expect(t.slack.posts.filter((p) => p.text.includes("Ana"))).toHaveLength(1);
    expect(t.slack.posts[0]!.channel).toBe("sales-handoffs");
  });

  it("assigns the next owners in turn and keeps an existing owner", async () => {
    const owners = [];
    for (const id of ["ho-2", "ho-3", "ho-4"]) {
      const e = await drip(id);
      await stepHandlers(t.deps).handoff({
        workflow: "trial-nurture",
        contactId: id,
        enrollmentId: e.id,
        handoff,
      });
      owners.push((await t.deps.store.getContact(id))?.owner);
    }
    expect(owners).toEqual(["rep-raj", "rep-maya", "rep-tom"]);
    const e = await drip("ho-owned", { owner: "rep-maya" });
    await stepHandlers(t.deps).handoff({
      workflow: "trial-nurture",
      contactId: "ho-owned",
      enrollmentId: e.id,
      handoff,
    });
    expect((await t.deps.store.getContact("ho-owned"))?.owner).toBe("rep-maya");
  });

  it("never moves a contact's stage backwards", async () => {
    const e = await drip("ho-customer", { stage: "opportunity" });
    await stepHandlers(t.deps).handoff({
      workflow: "trial-nurture",
      contactId: "ho-customer",
      enrollmentId: e.id,
      handoff,
    });
    expect((await t.deps.store.getContact("ho-customer"))?.stage).toBe("opportunity");
  });

  it("completes a sequence with onComplete: back to lead, into long-term nurture", async () => {
    await upsertContact(t.deps, {
      id: "ho-done",
      email: "ho-done@example.com",
      owner: "rep-ana",
      stage: "sql",
    });
    const seq = await enroll(t.deps, "ho-done", "sdr-follow-up");
    if (seq.status !== "enrolled") throw new Error(seq.status);
    await stepHandlers(t.deps).complete({
      workflow: "sdr-follow-up",
      contactId: "ho-done",
      enrollmentId: seq.enrollment.id,
      complete: { setStage: "lead", enroll: "long-term-nurture" },
    });
    expect((await t.deps.store.getEnrollment("ho-done", seq.enrollment.id))?.status).toBe("completed");
    expect((await t.deps.store.getContact("ho-done"))?.stage).toBe("lead");
    expect((await t.deps.store.listEnrollments("ho-done", "long-term-nurture"))[0]?.status).toBe("active");
  });
});
