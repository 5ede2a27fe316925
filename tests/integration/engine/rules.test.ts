import { describe, expect, it } from "vitest";
import { mailEventOf, SesEventBridgeEvent } from "../../../src/adapters/aws/events/ses-event";
import { upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { engagementEventOf } from "../../../src/core/engine/mail-events";
import { completeTask } from "../../../src/core/engine/rep-tasks";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import { engineForTests } from "../../helpers/engine";
import { type ContactFields, givenEnrolled } from "../../helpers/given";
import { tagsAsSesReturnsThem, welcomeTags } from "../../helpers/ses-event-tags";
import {
  engagedBranch,
  introPayload,
  type PayloadBase,
  pausingAfter,
  payloadBase,
  settleFor,
  twoDayWait,
  welcomePayload,
} from "../../helpers/step-payloads";
import { hooked } from "../../helpers/store-hook";

const t = engineForTests();

const enrolled = (id: string, workflow = "trial-nurture", contact: ContactFields = {}) =>
  givenEnrolled(t.deps, id, workflow, { firstName: "Ana", timezone: "America/New_York", ...contact });

/** Pauses the enrollment `base` names at its two-day wait `stepId`, answered through `token`. */
const pauseAt = (base: PayloadBase, token: string, stepId?: string) =>
  stepHandlers(t.deps).pause(twoDayWait(base, token, stepId));

/** A contact of `owner`'s at sdr-follow-up's call task titled `title`, answered through `tok-<id>`. */
async function atCallTask(id: string, owner: string, title: string) {
  const e = await enrolled(id, "sdr-follow-up", { owner });
  const step = { id: "call", type: "task" as const, task: "call" as const, title, seconds: 86400 };
  const base = payloadBase(id, e.id, "sdr-follow-up");
  const { taskId } = (await stepHandlers(t.deps).task({ ...base, taskToken: `tok-${id}`, step })) as {
    taskId: string;
  };
  return { e, taskId };
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
        tags: tagsAsSesReturnsThem(welcomeTags(contactId, enrollmentId)),
      },
      ...extra,
    },
  });
  return engagementEventOf(mailEventOf(envelope.detail));
}

describe("the rules engine on dynalite", () => {
  it("records the pause's token and deadline on the enrollment", async () => {
    const e = await enrolled("r-pause");
    await pauseAt(payloadBase("r-pause", e.id), "tok-pause");
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
    await pauseAt(payloadBase("r-click", e.id), "tok-click", "wait-2");
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
    await pauseAt(payloadBase("r-late", e.id), "tok-late");
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
      .decide({ ...payloadBase("r-late", e.id), step: engagedBranch({ score: { gte: 20 } }) })
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
    await pauseAt(payloadBase("r-bounce", e.id), "tok-bounce");
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
    await pauseAt(payloadBase("r-stop", e.id, "sdr-follow-up"), "tok-stop");
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
    const { taskId } = await atCallTask("r-task", "rep-raj", "Call {{ contact.firstName }}");
    expect((await t.deps.store.getTask(taskId))?.title).toBe("Call Ana");
    expect((await t.deps.store.listTasks("rep-raj", "open")).map((x) => x.id)).toContain(taskId);
    expect(await completeTask(t.deps, taskId, "rep-raj")).toEqual({ status: "completed" });
    expect(await completeTask(t.deps, taskId, "rep-raj")).toEqual({ status: "already-completed" });
    expect(t.control.successes.filter((s) => s.token === "tok-r-task")).toHaveLength(1);
  });

  it("marks a rep task timed out when the sequence moved on without it", async () => {
    const { e, taskId } = await atCallTask("r-task-late", "rep-tom", "Call");
    t.clock.advance(86400);
    await t.ses.clear();
    await stepHandlers(t.deps)
      .sendEmail(
        introPayload("r-task-late", e.id, {
          id: "bump",
          template: "sdr-bump",
          subject: "Re: hi",
          from: "x@acme.example",
        }),
      )
      .catch(() => undefined);
    t.clock.advance(-86400);
    expect((await t.deps.store.getTask(taskId))?.status).toBe("timedOut");
    expect((await t.deps.store.getEnrollment("r-task-late", e.id))?.pause).toBeUndefined();
    expect(await completeTask(t.deps, taskId, "rep-tom")).toEqual({ status: "timed-out" });
  });

  it("resumes a waitFor when the awaited event arrives", async () => {
    const e = await enrolled("r-waitfor");
    await stepHandlers(t.deps).pause({
      ...payloadBase("r-waitfor", e.id),
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

describe("the rules engine and the pause an email state keeps after its send", () => {
  it.each([
    [
      "the folded wait's token on a pricing click",
      {},
      "email.click",
      { link: "pricing" },
      ErrorNames.InterruptHandoff,
    ],
    [
      "the folded settle's token on a conversion",
      settleFor(3600),
      "subscription.started",
      {},
      ErrorNames.InterruptConvert,
    ],
  ] as const)("fails %s: the email state routes at once", async (_, pauseAfter, name, properties, error) => {
    const id = `r-folded-${name}`;
    const e = await enrolled(id);
    await stepHandlers(t.deps).sendEmail(pausingAfter(welcomePayload(id, e.id), `tok-${id}`, pauseAfter));
    const at = t.later();
    const result = await ingestEvent(t.deps, { id: `${id}-1`, contactId: id, name, at, properties });
    expect(result.interrupted).toMatchObject([{ enrollmentId: e.id, signal: "delivered" }]);
    expect(t.control.failures.find((f) => f.token === `tok-${id}`)?.error).toBe(error);
    expect((await t.deps.store.getEnrollment(id, e.id))?.pause).toBeUndefined();
  });

  it("a wait whose enrollment ended while the pause was being recorded throws that end instead of sleeping", async () => {
    const e = await enrolled("r-raced");
    // The conversion lands after the pause handler's guard, right before it records the pause.
    let armed = true;
    const store = hooked(t.deps.store, "updateEnrollment", (update) => async (...args) => {
      if (armed) {
        armed = false;
        const at = t.later();
        await ingestEvent(t.deps, {
          id: "r-raced-1",
          contactId: "r-raced",
          name: "subscription.started",
          at,
          properties: {},
        });
      }
      return update(...args);
    });
    const failed = await stepHandlers({ ...t.deps, store })
      .pause(twoDayWait(payloadBase("r-raced", e.id), "tok-raced"))
      .catch((x: Error) => x);
    expect((failed as Error).name).toBe(ErrorNames.InterruptConvert);
    expect((await t.deps.store.getEnrollment("r-raced", e.id))?.pause).toBeUndefined();
  });
});
