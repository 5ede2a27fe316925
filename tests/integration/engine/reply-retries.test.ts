import { describe, expect, it } from "vitest";
import type { EngineDeps } from "../../../src/core/engine/deps";
import { upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { replyAddress, replyPayload } from "../../../src/core/engine/links";
import { receiveReply } from "../../../src/core/engine/replies";
import { moveStage } from "../../../src/core/engine/stages";
import type { ContactStore } from "../../../src/core/ports";
import {
  moveCounter,
  STAGES_SCOPE,
  stageGauge,
  stepCounter,
  workflowScope,
} from "../../../src/core/reports/counter-names";
import { aroundMethods } from "../../../src/runtime/around-methods";
import { handedOff, slaEngine } from "../../helpers/sla-engine";

const EVERY_DAY = { from: "0000-01-01", to: "9999-12-31" };

/** `store`, throttling every call after its first `after` call: an attempt dying right after that write. */
function dyingAfter(store: ContactStore, after: string): ContactStore {
  let done = false;
  return aroundMethods(store, async (name, _args, call) => {
    if (done) throw Object.assign(new Error("throttled (test)"), { name: "ThrottlingException" });
    const result = await call();
    if (name === after) done = true;
    return result;
  });
}

/** The email `stepId` of `enrollmentId` in the ledger as sent now. */
async function sentNow(deps: EngineDeps, key: { contactId: string; enrollmentId: string; stepId: string }) {
  const workflowId = key.enrollmentId.split(".")[0]!;
  const now = deps.clock.now().toISOString();
  await deps.store.claimSend({ ...key, workflowId, status: "claimed", claimedAt: now });
  await deps.store.completeSend(key.contactId, key.enrollmentId, key.stepId, {
    status: "sent",
    sentAt: now,
    messageId: `m-${key.stepId}`,
  });
}

/** The stored counter of a workflow summed over every day. */
async function counted(deps: EngineDeps, workflowId: string, counter: string): Promise<number> {
  const rows = await deps.store.counterRows(workflowScope(workflowId), EVERY_DAY);
  return rows.reduce((sum, row) => sum + (row.counts[counter] ?? 0), 0);
}

/**
 * A contact handed from the drip to the SDR sequence, the drip's welcome email sent, then a reply to
 * it (the reply address carries the contact id inline: the reply answers its latest email) whose
 * first attempt dies right after `after`; the sequence sends its intro before the retry.
 */
async function replyRetriedAfterIntro(after: string) {
  const { deps, clock } = slaEngine();
  deps.replyDomain = "reply.acme.example";
  const id = "rr-1";
  const sequence = await handedOff(deps, id);
  const drip = sequence.id.replace("sdr-follow-up", "trial-nurture");
  await sentNow(deps, { contactId: id, enrollmentId: drip, stepId: "welcome" });
  clock.advance(3600);
  const payload = replyPayload({ contactId: id, enrollmentId: drip, stepId: "welcome" }).payload;
  const mail = {
    messageId: "in-retried",
    at: clock.now().toISOString(),
    recipients: [replyAddress(deps, payload)!],
    subject: "Re: Welcome",
    headers: [],
  };
  const dying = { ...deps, store: dyingAfter(deps.store, after) };
  await expect(receiveReply(dying, mail)).rejects.toThrow(/throttled/);
  clock.advance(60);
  await sentNow(deps, { contactId: id, enrollmentId: sequence.id, stepId: "intro" });
  clock.advance(60);
  return { deps, id, outcome: await receiveReply(deps, mail) };
}

describe("a retried reply (memory store)", () => {
  it("counts the email it answered once when its first attempt died after storing its event", async () => {
    const { deps, id, outcome } = await replyRetriedAfterIntro("recordEvent");
    expect(outcome).toEqual({ status: "duplicate", contactId: id });
    expect(await counted(deps, "trial-nurture", stepCounter("welcome", "replied"))).toBe(1);
    expect(await counted(deps, "sdr-follow-up", stepCounter("intro", "replied"))).toBe(0);
  });

  it("answers the email sent before it arrived, not one sent between its attempts", async () => {
    const { deps, id, outcome } = await replyRetriedAfterIntro("recordRawMail");
    expect(outcome).toEqual({ status: "reply", contactId: id });
    expect(await counted(deps, "trial-nurture", stepCounter("welcome", "replied"))).toBe(1);
    expect(await counted(deps, "sdr-follow-up", stepCounter("intro", "replied"))).toBe(0);
    const [event] = (await deps.store.getContactView(id))!.events.filter((e) => e.name === "email.reply");
    expect(event).toMatchObject({ workflowId: "trial-nurture", stepId: "welcome" });
  });
});

describe("a redelivered event whose first attempt moved the stage and died (memory store)", () => {
  it("counts that move even when another move came before the redelivery", async () => {
    const { deps, clock } = slaEngine();
    const id = "rr-2";
    await upsertContact(deps, { id, email: `${id}@example.com` });
    const started = {
      id: "api:rr-2-trial",
      contactId: id,
      name: "trial.started",
      at: clock.now().toISOString(),
      properties: {},
    };
    const dying = { ...deps, store: dyingAfter(deps.store, "changeStage") };
    await expect(ingestEvent(dying, started)).rejects.toThrow(/throttled/);
    clock.advance(60);
    const contact = (await deps.store.getContact(id))!;
    expect(contact.stage).toBe("lead");
    await moveStage(deps, contact, "sql", { by: "api", reason: "test", direction: "any" });
    clock.advance(60);

    expect((await ingestEvent(deps, started)).duplicate).toBe(true);
    const moves = await deps.store.counterRows(STAGES_SCOPE, EVERY_DAY);
    const moved = (name: string) => moves.reduce((sum, row) => sum + (row.counts[name] ?? 0), 0);
    expect([moved(moveCounter("subscriber", "lead")), moved(moveCounter("lead", "sql"))]).toEqual([1, 1]);
    const gauges = (await deps.store.counterTotals(STAGES_SCOPE))!.counts;
    expect([gauges[stageGauge("subscriber")], gauges[stageGauge("lead")], gauges[stageGauge("sql")]]).toEqual(
      [0, 0, 1],
    );
  });
});
