import { describe, expect, it } from "vitest";
import { completeTask } from "../../../src/core/engine/rep-tasks";
import { acceptLead, acceptTaskId, NOT_TIMED, rejectLead } from "../../../src/core/engine/sla";
import { nextOwner, sweepSlaMisses } from "../../../src/core/engine/sla-sweep";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { dayOf, SLA_SCOPE } from "../../../src/core/reports/counter-names";
import { slaReport } from "../../../src/core/reports/sla";
import { handedOff, slaEngine, TRIAL_HANDOFF } from "../../helpers/sla-engine";
import { introPayload, payloadBase } from "../../helpers/step-payloads";

const HOUR = 3600;
const today = (deps: { clock: { now(): Date } }) => dayOf(deps.clock.now().toISOString());

describe("the SLA after a handoff (memory store)", () => {
  it("gives the owner one accept task due in acceptWithin, counts the handoff once, and links the answer page in Slack", async () => {
    const t = slaEngine();
    const sequence = await handedOff(t.deps, "c1");
    const drip = (await t.store.listEnrollments("c1", "trial-nurture"))[0]!;
    await stepHandlers(t.deps).handoff({ ...payloadBase("c1", drip.id), handoff: TRIAL_HANDOFF });
    const task = await t.store.getTask(acceptTaskId(sequence));
    expect(task).toMatchObject({
      owner: "rep-ana",
      task: "accept",
      status: "open",
      title: "Accept or reject Ana (Globex)",
    });
    expect(Date.parse(task!.deadline) - Date.parse(sequence.startedAt)).toBe(4 * HOUR * 1000);
    expect((await t.store.listTasks("rep-ana", "open")).map((x) => x.id)).toEqual([task!.id]);
    const report = await slaReport(t.store, { from: today(t.deps), to: today(t.deps) });
    expect(report.owners).toEqual([expect.objectContaining({ owner: "rep-ana", handoffs: 1, accepted: 0 })]);
    const post = t.slack.posts.find((p) => p.channel === "sales-handoffs")!;
    expect(post.text).toMatch(/<https:\/\/go\.acme\.example\/l\/[A-Za-z0-9._-]+\|Accept or reject>/);
  });

  it("accepts once: lead.accepted recorded, accepted and the time to accept counted; a repeat is 'already'", async () => {
    const t = slaEngine();
    await handedOff(t.deps, "c2");
    t.clock.advance(HOUR);
    expect(await acceptLead(t.deps, { contactId: "c2", by: "ana" })).toEqual({ status: "accepted" });
    expect(await acceptLead(t.deps, { contactId: "c2", by: "ana" })).toEqual({ status: "already" });
    expect(await rejectLead(t.deps, { contactId: "c2", by: "ana", reason: "late" })).toEqual({
      status: "not-pending",
    });
    const events = await t.store.listEvents("c2");
    expect(events.filter((e) => e.name === "lead.accepted")).toHaveLength(1);
    const [ana] = (await slaReport(t.store, { from: today(t.deps), to: today(t.deps) })).owners;
    expect(ana).toMatchObject({ handoffs: 1, accepted: 1, medianToAccept: HOUR, missed: 0 });
    expect(await acceptLead(t.deps, { contactId: "nobody", by: "ana" })).toEqual({ status: "not-found" });
  });

  it("rejects: the sequence stops and its pause is interrupted, the stage goes back, rejectTo enrolls, the reason is counted", async () => {
    const t = slaEngine();
    const sequence = await handedOff(t.deps, "c3");
    const pause = {
      token: "tok-wait",
      stepId: "wait-1",
      kind: "wait" as const,
      startedAt: sequence.startedAt,
      deadline: NOT_TIMED,
    };
    await t.store.updateEnrollment("c3", sequence.id, { pause }, ["active"]);
    t.clock.advance(HOUR);
    const answer = await rejectLead(t.deps, { contactId: "c3", by: "ana", reason: "no budget" });
    expect(answer).toEqual({ status: "rejected" });
    expect(await rejectLead(t.deps, { contactId: "c3", by: "ana", reason: "other" })).toEqual({
      status: "rejected",
    });
    expect((await t.store.getEnrollment("c3", sequence.id))?.status).toBe("stopped");
    expect(t.control.failures.map((f) => f.token)).toEqual(["tok-wait"]);
    expect((await t.store.getContact("c3"))?.stage).toBe("lead");
    const nurture = await t.store.listEnrollments("c3", "long-term-nurture");
    expect(nurture.map((e) => [e.status, e.source?.why])).toEqual([["active", "rejected"]]);
    const rejected = (await t.store.listEvents("c3")).filter((e) => e.name === "lead.rejected");
    expect(rejected.map((e) => e.properties.reason)).toEqual(["no budget"]);
    const [ana] = (await slaReport(t.store, { from: today(t.deps), to: today(t.deps) })).owners;
    expect(ana?.rejected).toEqual({ "no budget": 1 });
    expect(await acceptLead(t.deps, { contactId: "c3", by: "ana" })).toEqual({ status: "not-pending" });
  });

  it("a miss: reassigned once to the next owner, untimed, the managers told once, even with two sweeps at once", async () => {
    const t = slaEngine();
    const sequence = await handedOff(t.deps, "c4");
    t.clock.advance(4 * HOUR - 60);
    expect((await sweepSlaMisses(t.deps)).reassigned).toEqual([]);
    t.clock.advance(60);
    const [first, second] = await Promise.all([sweepSlaMisses(t.deps), sweepSlaMisses(t.deps)]);
    expect([...first.reassigned, ...second.reassigned].map((r) => r.to)).toContain("rep-raj");
    expect(await sweepSlaMisses(t.deps)).toEqual({ reassigned: [] });
    t.clock.advance(30 * 86400);
    expect(await sweepSlaMisses(t.deps)).toEqual({ reassigned: [] });
    const task = await t.store.getTask(acceptTaskId(sequence));
    expect(task).toMatchObject({ owner: "rep-raj", status: "open", deadline: NOT_TIMED });
    expect((await t.store.getContact("c4"))?.owner).toBe("rep-raj");
    const told = t.slack.posts.filter((p) => p.channel === "sales-managers");
    expect(told.map((p) => p.text)).toEqual([
      "<@U03KQ8N2D> SLA missed: Ana (Globex) was not accepted by Ana Silva within 4h; reassigned to Raj Patel.",
    ]);
    const day = dayOf(sequence.startedAt);
    const owners = (await slaReport(t.store, { from: day, to: day })).owners;
    expect(owners.find((o) => o.owner === "rep-ana")).toMatchObject({ handoffs: 1, missed: 1 });
    expect(await acceptLead(t.deps, { contactId: "c4", by: "raj" })).toEqual({ status: "accepted" });
  });

  it("picks the next owner: never the one who missed, round-robin past the end of the list", () => {
    const owners = ["a", "b", "c"].map((id) => ({ id, name: id, email: `${id}@example.com` }));
    expect(nextOwner(owners, "round-robin", "a")?.id).toBe("b");
    expect(nextOwner(owners, "round-robin", "c")?.id).toBe("a");
    expect(nextOwner(owners, "c", "a")?.id).toBe("c");
    expect(nextOwner(owners, "a", "a")?.id).toBe("b");
    expect(nextOwner(owners.slice(0, 1), "round-robin", "a")).toBeUndefined();
  });

  it("the first touch after the handoff is counted once, whichever comes first; an accept task completed in the inbox accepts", async () => {
    const t = slaEngine();
    const sequence = await handedOff(t.deps, "c5");
    t.clock.advance(2 * HOUR);
    await stepHandlers(t.deps).sendEmail(introPayload("c5", sequence.id));
    t.clock.advance(HOUR);
    await stepHandlers(t.deps).sendEmail(introPayload("c5", sequence.id, { id: "bump" }));
    expect(await completeTask(t.deps, acceptTaskId(sequence), "ana")).toEqual({ status: "completed" });
    const [ana] = (await slaReport(t.store, { from: today(t.deps), to: today(t.deps) })).owners;
    expect(ana).toMatchObject({ medianToFirstTouch: 2 * HOUR, accepted: 1, medianToAccept: 3 * HOUR });
    const rows = await t.store.counterRows(SLA_SCOPE, { from: today(t.deps), to: today(t.deps) });
    expect(rows[0]?.samples["owner:rep-ana:toFirstTouch"]).toEqual([2 * HOUR]);
  });
});
