import { describe, expect, it } from "vitest";
import { FREE_MAIL_DOMAINS } from "../../../src/core/accounts";
import { WITH_ACCOUNT } from "../../../src/core/engine/account-handoff";
import type { EngineDeps } from "../../../src/core/engine/deps";
import { ingestEvent } from "../../../src/core/engine/ingest";
import type { HandoffPayload } from "../../../src/core/engine/payloads";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import type { AccountEnroll } from "../../../src/core/language";
import { engineForTests, type RecordingControl } from "../../helpers/engine";
import { givenEnrolled } from "../../helpers/given";
import { slaEngine } from "../../helpers/sla-engine";
import { payloadBase, twoDayWait } from "../../helpers/step-payloads";

/** What the account handoff needs of an engine: the memory store's and dynalite's alike. */
interface Engine {
  deps: EngineDeps;
  control: RecordingControl;
  slack: { posts: ReadonlyArray<{ channel: string; text: string }> };
}

/** workspace-evaluation's account handoff as its machine passes it, with `enroll`. */
const handoffOf = (enroll: AccountEnroll): HandoffPayload["handoff"] => ({
  to: "sdr-follow-up",
  setStage: "sql",
  assign: "round-robin",
  notify: { slack: "sales-handoffs" },
  scope: "account",
  enroll,
});

/**
 * A company of three: `lead` and `peer` in workspace-evaluation (the peer paused in its first wait, on
 * token `tok-<domain>`), `other` not in it; `peer` engaged (a /pricing view: 10 points).
 */
async function company(t: Engine, domain: string, options: { peerOwner?: string } = {}) {
  const enrolled = (id: string, extra = {}) =>
    givenEnrolled(t.deps, id, "workspace-evaluation", { email: `${id}@${domain}`, firstName: id, ...extra });
  const lead = await enrolled(`lead-${domain}`);
  const peer = await enrolled(`peer-${domain}`, options.peerOwner ? { owner: options.peerOwner } : {});
  await givenEnrolled(t.deps, `other-${domain}`, "long-term-nurture", { email: `other@${domain}` });
  const at = t.deps.clock.now().toISOString();
  const pricing = { path: "/pricing" };
  const view = {
    id: `pv-${domain}`,
    contactId: `peer-${domain}`,
    name: "page.view",
    at,
    properties: pricing,
  };
  await ingestEvent(t.deps, view);
  const peerBase = payloadBase(`peer-${domain}`, peer.id, "workspace-evaluation");
  await stepHandlers(t.deps).pause(twoDayWait(peerBase, `tok-${domain}`, "pause-1"));
  const ids = { lead: `lead-${domain}`, peer: `peer-${domain}`, other: `other-${domain}` };
  return { ids, lead, peer, peerBase };
}

const handOff = (t: Engine, contactId: string, enrollmentId: string, enroll: AccountEnroll) =>
  stepHandlers(t.deps).handoff({
    ...payloadBase(contactId, enrollmentId, "workspace-evaluation"),
    handoff: handoffOf(enroll),
  });

async function standing(t: Engine, id: string) {
  const contact = await t.deps.store.getContact(id);
  const sdr = await t.deps.store.listEnrollments(id, "sdr-follow-up");
  return { owner: contact?.owner, stage: contact?.stage, inSdr: sdr.length };
}

const postsAbout = (t: Engine, domain: string) => t.slack.posts.filter((post) => post.text.includes(domain));

/** The account handoff's cases, on one engine. */
function accountHandoffCases(engine: () => Engine) {
  it("triggering: one owner for the whole account, the peer leaves the drip at once, Slack once, retries change nothing", async () => {
    const t = engine();
    const { ids, lead, peer, peerBase } = await company(t, "trig.example");
    const result = await handOff(t, ids.lead, lead.id, "triggering");
    expect(result).toMatchObject({ status: "enrolled", enrollmentId: "sdr-follow-up.1" });
    const owner = (await standing(t, ids.lead)).owner;
    expect(owner).toBeDefined();
    expect(await standing(t, ids.lead)).toEqual({ owner, stage: "sql", inSdr: 1 });
    expect(await standing(t, ids.peer)).toMatchObject({ owner, inSdr: 0 });
    expect(await standing(t, ids.other)).toMatchObject({ owner, inSdr: 0 });
    expect(await t.deps.store.getEnrollment(ids.peer, peer.id)).toMatchObject({
      status: "handed-off",
      reason: `${WITH_ACCOUNT} to sdr-follow-up`,
    });
    expect(t.control.failures).toContainEqual(
      expect.objectContaining({ token: "tok-trig.example", error: ErrorNames.InterruptHandoff }),
    );
    expect((await t.deps.store.getAccount("trig.example"))?.owner).toBe(owner);
    expect(postsAbout(t, "trig.example")).toHaveLength(1);
    expect(postsAbout(t, "trig.example")[0]?.channel).toBe("sales-handoffs");

    // A retry, then the peer's machine reaching its own handoff state: nothing more.
    expect(await handOff(t, ids.lead, lead.id, "triggering")).toMatchObject({ status: "already-active" });
    expect(await stepHandlers(t.deps).handoff({ ...peerBase, handoff: handoffOf("triggering") })).toEqual({
      status: "handed-off",
    });
    expect(await standing(t, ids.peer)).toMatchObject({ owner, inSdr: 0 });
    expect(postsAbout(t, "trig.example")).toHaveLength(1);
    expect((await t.deps.store.getEnrollment(ids.lead, lead.id))?.status).toBe("handed-off");
  });

  it("engaged: the engaged peer is enrolled and set to sql too; the other contact only gets the owner", async () => {
    const t = engine();
    const { ids, lead } = await company(t, "eng.example");
    await handOff(t, ids.lead, lead.id, "engaged");
    const owner = (await standing(t, ids.lead)).owner;
    expect(await standing(t, ids.peer)).toEqual({ owner, stage: "sql", inSdr: 1 });
    const sdr = await t.deps.store.listEnrollments(ids.peer, "sdr-follow-up");
    expect(sdr[0]?.source).toEqual({
      enrollmentId: lead.id,
      workflowId: "workspace-evaluation",
      why: "handoff",
    });
    expect(await standing(t, ids.other)).toMatchObject({ owner, inSdr: 0 });
    expect((await t.deps.store.getContact(ids.other))?.stage).not.toBe("sql");
    expect(postsAbout(t, "eng.example")).toHaveLength(1);
    const text = postsAbout(t, "eng.example")[0]?.text;
    expect(text).toContain("eng.example (3 contacts, score 10)");
    expect(text).toContain(": lead-eng.example, peer-eng.example;");
  });

  it("all: every contact is enrolled, and all keep the owner the account already had", async () => {
    const t = engine();
    const { ids, lead } = await company(t, "all.example", { peerOwner: "rep-maya" });
    await handOff(t, ids.lead, lead.id, "all");
    await handOff(t, ids.lead, lead.id, "all");
    for (const id of Object.values(ids))
      expect(await standing(t, id)).toEqual({ owner: "rep-maya", stage: "sql", inSdr: 1 });
    expect(postsAbout(t, "all.example")).toHaveLength(1);
  });

  it("an account condition is re-checked on the contact's own event, not on another contact's", async () => {
    const t = engine();
    const domain = "wake.example";
    const drip = await givenEnrolled(t.deps, "wake-x", "workspace-evaluation", { email: `x@${domain}` });
    const base = payloadBase("wake-x", drip.id, "workspace-evaluation");
    await stepHandlers(t.deps).pause(twoDayWait(base, "tok-wake-x", "pause-1"));
    const view = async (contactId: string, path: string) => {
      const at = t.deps.clock.now().toISOString();
      const event = { id: `pv-${contactId}-${path}`, contactId, name: "page.view", at, properties: { path } };
      return ingestEvent(t.deps, event);
    };
    for (const other of ["wake-y", "wake-z", "wake-w"]) {
      await givenEnrolled(t.deps, other, "long-term-nurture", { email: `${other}@${domain}` });
      await view(other, "/pricing"); // 10 points each: engaged
    }
    expect((await t.deps.store.getAccount(domain))?.engagedContacts).toBe(3);
    const interrupted = () => t.control.failures.filter((failure) => failure.token === "tok-wake-x");
    expect(interrupted()).toEqual([]);
    const own = await view("wake-x", "/security");
    expect(own.interrupted).toEqual([expect.objectContaining({ kind: "handoff" })]);
    expect(interrupted()).toEqual([expect.objectContaining({ error: ErrorNames.InterruptHandoff })]);
  });

  it("a contact without an account is handed off alone, as by a contact's handoff", async () => {
    const t = engine();
    const email = `solo@${FREE_MAIL_DOMAINS[0]}`;
    const drip = await givenEnrolled(t.deps, "solo", "workspace-evaluation", { email, firstName: "Solo" });
    const result = await handOff(t, "solo", drip.id, "all");
    expect(result).toMatchObject({ status: "enrolled" });
    expect(await standing(t, "solo")).toMatchObject({ stage: "sql", inSdr: 1 });
    expect(t.slack.posts.filter((post) => post.text.includes("Solo"))).toHaveLength(1);
  });
}

describe("the account handoff on the memory store", () => {
  accountHandoffCases(() => slaEngine());
});

describe("the account handoff on dynalite", () => {
  const t = engineForTests();
  accountHandoffCases(() => t);
});
