import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localAdminKey } from "../../src/adapters/http/keys";
import { route } from "../../src/adapters/http/router";
import type { OutboundEmail } from "../../src/core/ports";
import type { ContactDetail } from "../../src/core/reports/report-types";
import type { BackendKind } from "../../src/runtime/local-backend";
import { LocalRuntime, type RuntimeOptions } from "../../src/runtime/local-runtime";
import { apiRequest } from "../helpers/api-request";
import { givenEnrolled } from "../helpers/given";
import { REPO } from "../helpers/workspace";

const START = Date.parse("2026-03-02T14:00:00Z"); // a Monday, 09:00 in New York: the first email goes at once
const MINUTE = 60_000;
const KEY = "ses-simulator-test-key-0123456789";
/** The campaign the tests enroll in: its first step is an email, sent with a reply address. */
const WORKFLOW = "trial-nurture";

const running: LocalRuntime[] = [];
afterAll(async () => {
  await Promise.all(running.map((runtime) => runtime.close()));
});

/** Every email each runtime sent, as SES accepted it. */
const sentBy = new WeakMap<LocalRuntime, OutboundEmail[]>();

async function startRuntime(options: Partial<RuntimeOptions> = {}): Promise<LocalRuntime> {
  const sent: OutboundEmail[] = [];
  const runtime = await LocalRuntime.start({
    cwd: REPO,
    start: new Date(START),
    backend: "memory",
    onSend: (email) => sent.push(email),
    ...options,
  });
  running.push(runtime);
  sentBy.set(runtime, sent);
  return runtime;
}

/** The reply address of the last email the runtime sent to `to`. */
function replyAddressOf(runtime: LocalRuntime, to: string): string {
  const email = sentBy.get(runtime)!.findLast((sent) => sent.to === to);
  expect(email?.replyTo).toMatch(/^reply\+\w+@reply\.handoff\.local$/);
  return email!.replyTo!;
}

/** A contact at `email`, enrolled; the runtime run a minute on (the email sent, SES's answers given). */
async function enrolledAt(runtime: LocalRuntime, id: string, email: string): Promise<void> {
  await givenEnrolled(runtime.deps, id, WORKFLOW, { email, timezone: "America/New_York" });
  await runtime.runUntil(runtime.clock.millis() + MINUTE);
}

/** The contact as the read API answers GET /contacts/{id}. */
async function contactOf(runtime: LocalRuntime, id: string): Promise<ContactDetail> {
  const http = runtime.http({ apiKeys: [localAdminKey(KEY)], signingSecrets: [] });
  const response = await route(http, apiRequest("GET", `/contacts/${id}`, { key: KEY }));
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as ContactDetail;
}

const kinds = (detail: ContactDetail) => detail.timeline.map((entry) => entry.kind);

/** Why the contact is no longer mailed (the store's record: the read model's detail leaves it out). */
async function suppressionOf(runtime: LocalRuntime, id: string) {
  return (await runtime.deps.store.getContact(id))?.suppressed;
}

/** Each mailbox simulator address gets SES's outcome, on `backend`. */
function outcomesOn(backend: BackendKind) {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({ backend });
  });

  it("success: the delivery event is recorded", async () => {
    await enrolledAt(runtime, "sim-success", "success+sim-1@simulator.amazonses.com");
    const detail = await contactOf(runtime, "sim-success");
    expect(kinds(detail)).toEqual(expect.arrayContaining(["email.sent", "email.delivered"]));
    expect(await suppressionOf(runtime, "sim-success")).toBeUndefined();
  });

  it("bounce: the contact is suppressed as bounced and its enrollment ends", async () => {
    await enrolledAt(runtime, "sim-bounce", "bounce@simulator.amazonses.com");
    const detail = await contactOf(runtime, "sim-bounce");
    expect(await suppressionOf(runtime, "sim-bounce")).toBe("bounced");
    expect(kinds(detail)).toContain("email.bounced");
    expect(detail.enrollments[0]?.status).not.toBe("active");
  });

  it("complaint: delivered, then the contact is suppressed as complained", async () => {
    await enrolledAt(runtime, "sim-complaint", "complaint+sim-2@simulator.amazonses.com");
    const detail = await contactOf(runtime, "sim-complaint");
    expect(await suppressionOf(runtime, "sim-complaint")).toBe("complained");
    expect(kinds(detail)).toEqual(expect.arrayContaining(["email.delivered", "email.complained"]));
  });

  it("suppressionlist: a permanent bounce, so suppressed as bounced", async () => {
    await enrolledAt(runtime, "sim-list", "suppressionlist@simulator.amazonses.com");
    expect(await suppressionOf(runtime, "sim-list")).toBe("bounced");
    expect(kinds(await contactOf(runtime, "sim-list"))).toContain("email.bounced");
  });

  it("ooto: delivered, and the out-of-office answer is recorded as an auto-reply, not a reply", async () => {
    await enrolledAt(runtime, "sim-ooto", "ooto@simulator.amazonses.com");
    const detail = await contactOf(runtime, "sim-ooto");
    expect(kinds(detail)).toEqual(expect.arrayContaining(["email.delivered", "email.autoreply"]));
    expect(kinds(detail)).not.toContain("email.replied");
    expect(detail.enrollments.find((e) => e.workflow === WORKFLOW)?.status).toBe("active");
  });

  it("mail to a reply address reaches inbound as a reply of the contact the address belongs to", async () => {
    await enrolledAt(runtime, "sim-first", "success+sim-3@simulator.amazonses.com");
    const replyAddress = replyAddressOf(runtime, "success+sim-3@simulator.amazonses.com");
    await enrolledAt(runtime, "sim-replier", replyAddress);
    expect(kinds(await contactOf(runtime, "sim-first"))).toContain("email.replied");
  });

  it("an address outside the simulator and the reply domain gets no answer", async () => {
    await enrolledAt(runtime, "sim-none", "sim-none@example.com");
    const detail = await contactOf(runtime, "sim-none");
    expect(kinds(detail)).toContain("email.sent");
    expect(kinds(detail)).not.toContain("email.delivered");
  });
}

describe("SES's answers to the mailbox simulator, in memory", () => outcomesOn("memory"));

describe("SES's answers to the mailbox simulator, on the local servers", () => outcomesOn("servers"));

describe("a stage's SES side broken on purpose (RuntimeOptions.sesSimulator)", () => {
  it('events "lost": no delivery is recorded', async () => {
    const runtime = await startRuntime({ sesSimulator: { events: "lost" } });
    await enrolledAt(runtime, "lost-1", "success@simulator.amazonses.com");
    expect(kinds(await contactOf(runtime, "lost-1"))).not.toContain("email.delivered");
  });

  it('receiving "inactive": nothing reaches inbound (no auto-reply, no reply)', async () => {
    const runtime = await startRuntime({ sesSimulator: { receiving: "inactive" } });
    await enrolledAt(runtime, "inactive-1", "ooto@simulator.amazonses.com");
    const replyAddress = replyAddressOf(runtime, "ooto@simulator.amazonses.com");
    await enrolledAt(runtime, "inactive-2", replyAddress);
    const first = kinds(await contactOf(runtime, "inactive-1"));
    expect(first).toContain("email.delivered");
    expect(first).not.toContain("email.autoreply");
    expect(first).not.toContain("email.replied");
  });
});

describe("RuntimeDecorators.control", () => {
  it("wraps the workflow control the engine uses: it sees the execution start", async () => {
    const calls: string[] = [];
    const runtime = await startRuntime({
      decorate: {
        control: (control) => ({
          ...control,
          startExecution: (workflowId, name, input) => {
            calls.push(`startExecution ${workflowId}`);
            return control.startExecution(workflowId, name, input);
          },
          scheduleStart: control.scheduleStart.bind(control),
          sendTaskSuccess: control.sendTaskSuccess.bind(control),
          sendTaskFailure: control.sendTaskFailure.bind(control),
          redriveExecution: control.redriveExecution.bind(control),
        }),
      },
    });
    await enrolledAt(runtime, "control-1", "control-1@example.com");
    expect(calls).toEqual([`startExecution ${WORKFLOW}`]);
  });
});
