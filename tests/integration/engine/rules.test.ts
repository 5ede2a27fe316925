import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailEventOf, SesEventBridgeEvent } from "../../../src/adapters/aws/events/ses-event";
import { enroll, upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { engagementEventOf } from "../../../src/core/engine/mail-events";
import { completeTask } from "../../../src/core/engine/rep-tasks";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import { startEngine, type TestEngine } from "../../helpers/engine";
import { tagsAsSesReturnsThem } from "../../helpers/ses-event-tags";

let t: TestEngine;
beforeAll(async () => {
  t = await startEngine();
});
afterAll(async () => t.close());

const base = (contactId: string, enrollmentId: string, workflow = "trial-nurture") => ({
  workflow,
  contactId,
  enrollmentId,
});

async function enrolled(id: string, workflow = "trial-nurture", extra: Record<string, unknown> = {}) {
  await upsertContact(t.deps, {
    id,
    email: `${id}@example.com`,
    firstName: "Ana",
    timezone: "America/New_York",
    ...extra,
  });
  const result = await enroll(t.deps, id, workflow);
  if (result.status !== "enrolled") throw new Error(result.status);
  return result.enrollment;
}

async function pauseAt(
  contactId: string,
  enrollmentId: string,
  stepId: string,
  token: string,
  workflow = "trial-nurture",
) {
  await stepHandlers(t.deps).pause({
    ...base(contactId, enrollmentId, workflow),
    taskToken: token,
    step: { id: stepId, type: "wait", seconds: 172800 },
  });
}

/** The Handoff event an SES event about the contact's welcome email is, as functions/ses-events.ts maps it. */
function sesEngagement(
  contactId: string,
  enrollmentId: string,
  eventType: string,
  extra: Record<string, unknown> = {},
) {
  const envelope = SesEventBridgeEvent.parse({
    source: "aws.ses",
    "detail-type": `Email ${eventType}`,
    detail: {
      eventType,
      mail: {
        timestamp: "2026-03-03T15:00:00.000Z",
        messageId: `msg-${contactId}`,
        tags: tagsAsSesReturnsThem({
          contact: contactId,
          enrollment: enrollmentId,
          workflow: "trial-nurture",
          step: "welcome",
        }),
      },
      ...extra,
    },
  });
  return engagementEventOf(mailEventOf(envelope.detail));
}

describe("the rules engine on dynalite", () => {
  it("records the pause's token and deadline on the enrollment", async () => {
    const e = await enrolled("r-pause");
    await pauseAt("r-pause", e.id, "wait-1", "tok-pause");
    const stored = await t.deps.store.getEnrollment("r-pause", e.id);
    expect(stored?.pause).toMatchObject({
      token: "tok-pause",
      stepId: "wait-1",
      kind: "wait",
      deadline: "2026-03-05T15:00:00.000Z",
    });
  });

  it("interrupts a pause at once through its token when a pricing click fires the handoff", async () => {
    const e = await enrolled("r-click");
    await pauseAt("r-click", e.id, "wait-2", "tok-click");
    const result = await ingestEvent(t.deps, {
      id: "r-click-1",
      contactId: "r-click",
      name: "email.click",
      at: t.later(),
      properties: { link: "pricing" },
    });
    expect(result.interrupted).toEqual([{ enrollmentId: e.id, kind: "handoff", signal: "delivered" }]);
    expect(t.control.failures.find((f) => f.token === "tok-click")?.error).toBe(ErrorNames.InterruptHandoff);
    expect((await t.deps.store.getEnrollment("r-click", e.id))?.pause).toBeUndefined();
  });

  it("ignores a late interrupt for a pause that already ended, and the next step sees the condition", async () => {
    const e = await enrolled("r-late");
    await pauseAt("r-late", e.id, "wait-1", "tok-late");
    t.control.gone.add("tok-late");
    const result = await ingestEvent(t.deps, {
      id: "r-late-1",
      contactId: "r-late",
      name: "email.reply",
      at: t.later(),
      properties: {},
    });
    expect(result.interrupted).toEqual([{ enrollmentId: e.id, kind: "handoff", signal: "gone" }]);
    const next = await stepHandlers(t.deps)
      .decide({
        ...base("r-late", e.id),
        step: {
          id: "engaged",
          type: "branch",
          if: { score: { gte: 20 } },
          then: "case-study",
          else: "re-engage",
        },
      })
      .catch((x: Error) => x);
    expect((next as Error).name).toBe(ErrorNames.InterruptHandoff);
  });

  it("scores the same SES event delivered twice once", async () => {
    const e = await enrolled("r-dup");
    const open = sesEngagement("r-dup", e.id, "Open", { open: { timestamp: "2026-03-03T15:05:00.000Z" } })!;
    const first = await ingestEvent(t.deps, open);
    const second = await ingestEvent(t.deps, open);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect((await t.deps.store.listEvents("r-dup")).filter((x) => x.name === "email.open")).toHaveLength(1);
  });

  it("suppresses a hard bounce and ends the contact's enrollments; a soft bounce does neither", async () => {
    const e = await enrolled("r-bounce");
    await pauseAt("r-bounce", e.id, "wait-1", "tok-bounce");
    const soft = sesEngagement("r-bounce", e.id, "Bounce", {
      bounce: { bounceType: "Transient", timestamp: "2026-03-03T15:01:00.000Z" },
    })!;
    expect(soft.name).toBe("email.delayed");
    await ingestEvent(t.deps, soft);
    expect(await t.deps.store.getSuppression("r-bounce@example.com")).toBeUndefined();
    const hard = sesEngagement("r-bounce", e.id, "Bounce", {
      bounce: { bounceType: "Permanent", bounceSubType: "General", timestamp: "2026-03-03T15:02:00.000Z" },
    })!;
    await ingestEvent(t.deps, hard);
    expect((await t.deps.store.getSuppression("r-bounce@example.com"))?.reason).toBe("bounced");
    expect(t.control.failures.find((f) => f.token === "tok-bounce")?.error).toBe(ErrorNames.InterruptExit);
    expect((await t.deps.store.getEnrollment("r-bounce", e.id))?.status).toBe("exited");
  });

  it("promotes the stage from the score, forward only, with its history", async () => {
    await upsertContact(t.deps, { id: "r-score", email: "r-score@example.com" });
    for (let i = 0; i < 3; i++) {
      await ingestEvent(t.deps, {
        id: `demo-${i}`,
        contactId: "r-score",
        name: "demo.requested",
        at: t.later(),
        properties: {},
      });
    }
    const contact = await t.deps.store.getContact("r-score");
    expect(contact?.stage).toBe("sql");
    const history = await t.deps.store.stageHistory("r-score");
    expect(history.map((h) => h.to)).toContain("sql");
    expect(history.every((h) => h.by === "scoring")).toBe(true);
  });

  it("stops a sequence on a reply, mid-wait", async () => {
    const e = await enrolled("r-stop", "sdr-follow-up", { owner: "rep-ana" });
    await pauseAt("r-stop", e.id, "wait-1", "tok-stop", "sdr-follow-up");
    await ingestEvent(t.deps, {
      id: "r-stop-1",
      contactId: "r-stop",
      name: "email.reply",
      at: t.later(),
      properties: {},
    });
    expect(t.control.failures.find((f) => f.token === "tok-stop")?.error).toBe(ErrorNames.InterruptStop);
    expect((await t.deps.store.getEnrollment("r-stop", e.id))?.status).toBe("stopped");
  });

  it("completes a rep task once and lets the sequence move on", async () => {
    const e = await enrolled("r-task", "sdr-follow-up", { owner: "rep-raj" });
    const { taskId } = (await stepHandlers(t.deps).task({
      ...base("r-task", e.id, "sdr-follow-up"),
      taskToken: "tok-task",
      step: { id: "call", type: "task", task: "call", title: "Call {{ contact.firstName }}", seconds: 86400 },
    })) as { taskId: string };
    expect((await t.deps.store.getTask(taskId))?.title).toBe("Call Ana");
    expect((await t.deps.store.listTasks("rep-raj", "open")).map((x) => x.id)).toContain(taskId);
    expect(await completeTask(t.deps, taskId, "rep-raj")).toEqual({ status: "completed" });
    expect(await completeTask(t.deps, taskId, "rep-raj")).toEqual({ status: "already-completed" });
    expect(t.control.successes.filter((s) => s.token === "tok-task")).toHaveLength(1);
  });

  it("marks a rep task timed out when the sequence moved on without it", async () => {
    const e = await enrolled("r-task-late", "sdr-follow-up", { owner: "rep-tom" });
    const { taskId } = (await stepHandlers(t.deps).task({
      ...base("r-task-late", e.id, "sdr-follow-up"),
      taskToken: "tok-task-late",
      step: { id: "call", type: "task", task: "call", title: "Call", seconds: 86400 },
    })) as { taskId: string };
    t.clock.advance(86400);
    await t.ses.clear();
    await stepHandlers(t.deps)
      .sendEmail({
        ...base("r-task-late", e.id, "sdr-follow-up"),
        step: {
          id: "bump",
          type: "email",
          template: "sdr-bump",
          subject: "Re: hi",
          from: "x@acme.example",
          sendWindow: null,
        },
      })
      .catch(() => undefined);
    t.clock.advance(-86400);
    expect((await t.deps.store.getTask(taskId))?.status).toBe("timedOut");
    expect((await t.deps.store.getEnrollment("r-task-late", e.id))?.pause).toBeUndefined();
    expect(await completeTask(t.deps, taskId, "rep-tom")).toEqual({ status: "timed-out" });
  });

  it("resumes a waitFor when the awaited event arrives", async () => {
    const e = await enrolled("r-waitfor");
    await stepHandlers(t.deps).pause({
      ...base("r-waitfor", e.id),
      taskToken: "tok-waitfor",
      step: { id: "wait-demo", type: "waitFor", seconds: 86400, event: "webinar.attended" },
    });
    await ingestEvent(t.deps, {
      id: "r-waitfor-1",
      contactId: "r-waitfor",
      name: "webinar.attended",
      at: t.later(),
      properties: {},
    });
    expect(t.control.successes.map((s) => s.token)).toContain("tok-waitfor");
  });
});
