import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AsanaTaskTracker } from "../../../src/adapters/aws/asana-tracker";
import type { EngineDeps } from "../../../src/core/engine/deps";
import { acceptTaskId } from "../../../src/core/engine/sla";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { retryPendingTrackedTasks, TRACKER_GRACE_SECONDS } from "../../../src/core/engine/tracked-tasks";
import { TrackerRefusedError, TransientError } from "../../../src/core/errors";
import { ASANA_ASSIGNEES, ASANA_PROJECT, ASANA_TOKEN, engineWithAsana } from "../../helpers/asana-engine";
import { AsanaServer } from "../../helpers/asana-server";
import { givenEnrolled } from "../../helpers/given";
import { handedOff } from "../../helpers/sla-engine";
import { payloadBase } from "../../helpers/step-payloads";

const TOKEN = ASANA_TOKEN;
const PROJECT = ASANA_PROJECT;
const ASSIGNEES = ASANA_ASSIGNEES;
const CALL = { id: "call", type: "task" as const, task: "call" as const, title: "Call Ana", seconds: 86400 };

let asana: AsanaServer;
beforeAll(async () => {
  asana = await AsanaServer.start(TOKEN);
});
afterAll(async () => asana.close());

/** Contact `id` of rep-ana's at sdr-follow-up's call task, the step run with `token`. */
async function atCallTask(deps: EngineDeps, id: string, token: string) {
  const enrollment = await givenEnrolled(deps, id, "sdr-follow-up", { firstName: "Ana", owner: "rep-ana" });
  const payload = { ...payloadBase(id, enrollment.id, "sdr-follow-up"), taskToken: token, step: CALL };
  const { taskId } = (await stepHandlers(deps).task(payload)) as { taskId: string };
  return { enrollment, payload, taskId };
}

const inAsana = (taskId: string) => [...asana.tasks.values()].filter((t) => t.notes.includes(taskId));

describe("rep tasks in Asana, against a local server speaking Asana's API subset", () => {
  it("creates a task step's task in the project, assigned by owner, due at its deadline, with the timeline link", async () => {
    const t = engineWithAsana(asana);
    const { taskId } = await atCallTask(t.deps, "as-1", "tok-1");
    const task = await t.store.getTask(taskId);
    const [created] = inAsana(taskId);
    expect(created).toMatchObject({
      gid: task?.externalId,
      name: "Call Ana",
      projects: [PROJECT],
      assignee: "ana@acme.example",
      due_at: task?.deadline,
      completed: false,
    });
    expect(created?.notes).toContain("https://go.acme.example/#contact/as-1");
    expect(task?.trackerError).toBeUndefined();
  });

  it("creates it once: a retried step finds the gid and creates no second", async () => {
    const t = engineWithAsana(asana);
    const { payload, taskId } = await atCallTask(t.deps, "as-2", "tok-2a");
    await stepHandlers(t.deps).task({ ...payload, taskToken: "tok-2b" });
    expect(inAsana(taskId)).toHaveLength(1);
  });

  it("creates a handoff's accept task too, once, for the lead's owner", async () => {
    const t = engineWithAsana(asana);
    const sequence = await handedOff(t.deps, "as-3");
    const accept = await t.store.getTask(acceptTaskId(sequence));
    const created = inAsana(accept!.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      gid: accept?.externalId,
      name: "Accept or reject Ana (Globex)",
      assignee: ASSIGNEES[accept!.owner as keyof typeof ASSIGNEES] ?? null,
      due_at: accept?.deadline,
    });
  });

  it("keeps the Handoff task when Asana is down, records why, and the sweep creates it later, once", async () => {
    const t = engineWithAsana(asana);
    asana.failNext(1, 503);
    const { taskId, enrollment } = await atCallTask(t.deps, "as-4", "tok-4");
    const pending = await t.store.getTask(taskId);
    expect(pending).toMatchObject({ status: "open" });
    expect(pending?.trackerError).toMatch(/HTTP 503/);
    expect(pending?.externalId).toBeUndefined();
    expect(inAsana(taskId)).toHaveLength(0);
    // The step went on: the enrollment waits on the task as without Asana.
    expect((await t.store.getEnrollment("as-4", enrollment.id))?.pause?.kind).toBe("task");
    expect(await retryPendingTrackedTasks(t.deps)).toEqual([taskId]);
    expect(inAsana(taskId)).toHaveLength(1);
    expect(await t.store.getTask(taskId)).toMatchObject({ externalId: inAsana(taskId)[0]?.gid });
    t.clock.advance(TRACKER_GRACE_SECONDS * 2 * 1000);
    expect(await retryPendingTrackedTasks(t.deps)).toEqual([]);
    expect(inAsana(taskId)).toHaveLength(1);
  });

  it("leaves a task its step is still creating to the step, until the grace period has passed", async () => {
    const t = engineWithAsana(asana);
    const tracker = t.deps.taskTracker!;
    // A step that died between writing the task and calling Asana: no error recorded, no gid.
    const untracked = { ...t.deps, taskTracker: undefined };
    const { taskId } = await atCallTask(untracked, "as-5", "tok-5");
    expect(await retryPendingTrackedTasks({ ...t.deps, taskTracker: tracker })).toEqual([]);
    t.clock.advance(TRACKER_GRACE_SECONDS * 1000);
    expect(await retryPendingTrackedTasks(t.deps)).toEqual([taskId]);
    expect(inAsana(taskId)).toHaveLength(1);
  });
});

describe("the Asana adapter's errors, against a local server speaking Asana's API subset", () => {
  const task = {
    taskId: "t-1",
    contactId: "c-1",
    title: "Call",
    link: "https://go.acme.example/#contact/c-1",
  };

  it("is a TransientError for 429 (quoting Retry-After) and 5xx, so a retry may succeed", async () => {
    const t = engineWithAsana(asana);
    asana.failNext(1, 429);
    const throttled = await t.deps.taskTracker!.createTask(task).catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(TransientError);
    expect((throttled as Error).message).toMatch(/HTTP 429.*retry after 30 s/);
    asana.failNext(1, 502);
    await expect(t.deps.taskTracker!.readTask("1")).rejects.toBeInstanceOf(TransientError);
  });

  it("is a TrackerRefusedError with Asana's message for a refusal, and never quotes the token", async () => {
    const t = engineWithAsana(asana, "not-the-token-0123456789");
    const refused = await t.deps.taskTracker!.createTask(task).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TrackerRefusedError);
    expect(refused).toMatchObject({ status: 401 });
    expect((refused as Error).message).toContain("Not Authorized");
    expect((refused as Error).message).not.toContain("not-the-token");
  });

  it("is a TransientError when nothing answers", async () => {
    const gone = new AsanaTaskTracker({
      token: TOKEN,
      project: PROJECT,
      assignees: {},
      apiUrl: "http://127.0.0.1:9/api/1.0",
    });
    await expect(gone.readTask("1")).rejects.toBeInstanceOf(TransientError);
  });
});
