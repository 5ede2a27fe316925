import { describe, expect, it } from "vitest";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { engineForTests } from "../../helpers/engine";
import { type ContactFields, givenEnrolled } from "../../helpers/given";
import { payloadBase } from "../../helpers/step-payloads";

const t = engineForTests();

const handoff = {
  to: "sdr-follow-up",
  setStage: "sql",
  assign: "round-robin",
  notify: { slack: "sales-handoffs" },
};

const drip = (id: string, contact: ContactFields = {}) =>
  givenEnrolled(t.deps, id, "trial-nurture", { firstName: "Ana", company: "Globex", ...contact });

/** A contact of the drip that the drip's handoff step handed off. */
async function handedOff(id: string, contact: ContactFields = {}) {
  const e = await drip(id, contact);
  await stepHandlers(t.deps).handoff({ ...payloadBase(id, e.id), handoff });
}

describe("the handoff handler on dynalite", () => {
  it("sets the stage, assigns an owner round-robin, notifies Slack and starts the sequence once", async () => {
    const e = await drip("ho-1");
    const payload = { ...payloadBase("ho-1", e.id), handoff };
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
      await handedOff(id);
      owners.push((await t.deps.store.getContact(id))?.owner);
    }
    expect(owners).toEqual(["rep-raj", "rep-maya", "rep-tom"]);
    await handedOff("ho-owned", { owner: "rep-maya" });
    expect((await t.deps.store.getContact("ho-owned"))?.owner).toBe("rep-maya");
  });

  it("never moves a contact's stage backwards", async () => {
    await handedOff("ho-customer", { stage: "opportunity" });
    expect((await t.deps.store.getContact("ho-customer"))?.stage).toBe("opportunity");
  });

  it("completes a sequence with onComplete: back to lead, into long-term nurture", async () => {
    const seq = await givenEnrolled(t.deps, "ho-done", "sdr-follow-up", { owner: "rep-ana", stage: "sql" });
    await stepHandlers(t.deps).complete({
      ...payloadBase("ho-done", seq.id, "sdr-follow-up"),
      complete: { setStage: "lead", enroll: "long-term-nurture" },
    });
    expect((await t.deps.store.getEnrollment("ho-done", seq.id))?.status).toBe("completed");
    expect((await t.deps.store.getContact("ho-done"))?.stage).toBe("lead");
    expect((await t.deps.store.listEnrollments("ho-done", "long-term-nurture"))[0]?.status).toBe("active");
  });
});
