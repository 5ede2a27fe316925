/**
 * The account handoff (campaign language, "Accounts": a handoff with `"scope": "account"`): the
 * whole account of the contact whose rule fired moves to sales at once. The account gets one owner
 * (its row's, else the contact's, else by `assign`) and every contact of it that owner; the
 * contacts `enroll` chooses get `setStage` and are enrolled in `to`; the account's other contacts
 * still active in the campaign leave it `handed-off` at once (their pauses interrupted; their
 * machines' own handoff then finds them ended with the account and does nothing); Slack is told
 * once per account and campaign. Every step is idempotent, so Step Functions may retry the task
 * after any crash; two contacts of one account reaching the handoff together agree on the owner
 * (the row keeps the first) and post once (one conditional put).
 */
import { accountSummary, engagedScore } from "../accounts";
import { ContactGoneError } from "../errors";
import type { Contact, Enrollment, RepTask } from "../model";
import type { ContactView } from "../ports";
import { refreshAccount } from "./accounts";
import { countEnding } from "./count-facts";
import { type EngineDeps, ownerOf } from "./deps";
import { type EnrollResult, enroll } from "./enroll-contact";
import { NO_EVENTS } from "./event-window";
import { assignOwner, handOff } from "./handoff";
import type { HandoffPayload } from "./payloads";
import { changeStage, interruptEnrollment } from "./rules";
import { loadSituation, type Situation } from "./situation";
import { awaitAnswer } from "./sla";
import { leadAnswerUrl } from "./sla-links";
import { accountHandoffMessage } from "./slack-messages";

/** Contacts read per page of the account's list (src/core/contact-store/profiles.ts listContacts). */
const LIST_PAGE = 100;
/** How long an account's handoff message is remembered as posted: a year (the same account again within it is not announced twice). */
const TOLD_MEMORY_SECONDS = 365 * 86400;
/** The reason an enrollment ended by another contact's account handoff starts with. */
export const WITH_ACCOUNT = "handed off with its account";

type HandoffSpec = HandoffPayload["handoff"];
type HandoffResult = { enrollmentId?: string; status: string };

/** True when another contact's account handoff ended this enrollment: its own handoff has nothing left to do. */
export function endedWithAccount(enrollment: Enrollment): boolean {
  return enrollment.status === "handed-off" && (enrollment.reason ?? "").startsWith(WITH_ACCOUNT);
}

/** The handoff task: the account's when the campaign says `"scope": "account"`, else the contact's. */
export async function handOffInScope(deps: EngineDeps, payload: HandoffPayload): Promise<HandoffResult> {
  return payload.handoff.scope === "account" ? handOffAccount(deps, payload) : handOff(deps, payload);
}

/** One account handoff under way: what every contact of the account is handed with. */
interface AccountWave {
  deps: EngineDeps;
  handoff: HandoffSpec;
  campaign: string;
  account: string;
  /** The enrollment whose rule fired: the source of every enrollment in `to` this handoff makes. */
  handedOffBy: string;
  owner: string | undefined;
}

/**
 * Hands off the account of the payload's contact. A contact without an account is handed off
 * alone, as with the default scope.
 */
export async function handOffAccount(deps: EngineDeps, payload: HandoffPayload): Promise<HandoffResult> {
  const situation = await loadSituation(deps, payload.contactId, payload.enrollmentId).catch(
    (error: unknown) => {
      if (error instanceof ContactGoneError) return undefined;
      throw error;
    },
  );
  if (!situation) return { status: "erased" };
  const { contact, enrollment } = situation;
  if (endedWithAccount(enrollment)) return { status: "handed-off" };
  if (enrollment.status !== "active" && enrollment.status !== "handed-off")
    return { status: enrollment.status };
  if (!contact.account) return handOff(deps, payload);
  const h = payload.handoff;
  const owner = await accountOwner(deps, contact, { account: contact.account, assign: h.assign });
  const wave: AccountWave = {
    deps,
    handoff: h,
    campaign: situation.workflow.id,
    account: contact.account,
    handedOffBy: enrollment.id,
    owner,
  };
  const result = await handOver(wave, contact, { except: enrollment.id });
  const handed = [contact];
  for (const contactId of await accountContactIds(deps, contact.account)) {
    if (contactId === contact.id) continue;
    const other = await alongside(wave, contactId);
    if (other) handed.push(other);
  }
  await endOwnEnrollment(deps, situation, h.to);
  if (h.notify) await tellOnce(wave, situation, { handed, lead: result });
  return {
    status: result.status,
    ...(result.status !== "refused" ? { enrollmentId: result.enrollment.id } : {}),
  };
}

/**
 * The account's owner: its row's, else the contact's, else one `assign` gives the contact. The
 * contact gets it first, so its row takes it if it has none; read back, the row's owner is the one
 * a racing handoff of the same account agrees on.
 */
async function accountOwner(
  deps: EngineDeps,
  contact: Contact,
  options: { account: string; assign: string | undefined },
): Promise<string | undefined> {
  const row = await deps.store.getAccount(options.account);
  if (row?.owner) {
    await giveOwner(deps, contact, row.owner);
    return row.owner;
  }
  await assignOwner(deps, contact, options.assign);
  const owner = (await deps.store.getAccount(options.account))?.owner ?? contact.owner;
  if (owner) await giveOwner(deps, contact, owner);
  return owner;
}

/** Makes `owner` the contact's owner; the account's row follows (also on a retry after a crash between the two). */
async function giveOwner(deps: EngineDeps, contact: Contact, owner: string): Promise<void> {
  if (contact.owner !== owner) {
    await deps.store.updateContact(contact.id, { owner }, deps.clock.now().toISOString());
    contact.owner = owner;
  }
  await refreshAccount(deps, contact);
}

/** The ids of the account's contacts, read through before any of them changes (a change reorders the list). */
async function accountContactIds(deps: EngineDeps, account: string): Promise<string[]> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.listContacts(
      { account },
      { limit: LIST_PAGE, ...(cursor ? { cursor } : {}) },
    );
    for (const listed of page.items) ids.add(listed.id);
    cursor = page.cursor;
  } while (cursor);
  return [...ids];
}

/**
 * Another contact of the account: leaves the campaign if still in it, takes the owner, and is
 * handed over too when `enroll` chooses it. The contact when it was handed over.
 */
async function alongside(wave: AccountWave, contactId: string): Promise<Contact | undefined> {
  const view = await wave.deps.store.getContactView(contactId, NO_EVENTS);
  // The list may lag: a contact erased or moved to another account meanwhile is not this account's.
  if (!view || view.contact.account !== wave.account) return undefined;
  await leaveCampaign(wave, view);
  const contact = view.contact;
  if (wave.owner) await giveOwner(wave.deps, contact, wave.owner);
  const mode = wave.handoff.enroll ?? "triggering";
  const engaged = (contact.score ?? 0) >= engagedScore(wave.deps.catalog.settings);
  if (mode === "triggering" || (mode === "engaged" && !engaged)) return undefined;
  await handOver(wave, contact, {});
  return contact;
}

/**
 * Ends the contact's enrollments still active in the campaign, `handed-off` with the account, and
 * interrupts their pauses at once (an ending an earlier attempt recorded is signalled again: the
 * pause is cleared once, so the signal goes once). First, so the stage set next wakes no rule of it.
 */
async function leaveCampaign(wave: AccountWave, view: ContactView): Promise<void> {
  const { deps } = wave;
  const reason = `${WITH_ACCOUNT} to ${wave.handoff.to}`;
  for (const enrollment of view.enrollments) {
    if (enrollment.workflowId !== wave.campaign) continue;
    if (enrollment.status !== "active" && !(endedWithAccount(enrollment) && enrollment.pause)) continue;
    const end = { status: "handed-off" as const, reason, endedAt: deps.clock.now().toISOString() };
    const ended =
      enrollment.status === "active" &&
      (await deps.store.updateEnrollment(view.contact.id, enrollment.id, end, ["active"]));
    const stands = ended
      ? { ...enrollment, ...end }
      : await deps.store.getEnrollment(view.contact.id, enrollment.id);
    if (!stands || stands.status === "active") continue;
    await countEnding(deps, stands);
    if (!endedWithAccount(stands)) continue;
    const situation = await loadSituation(deps, view.contact.id, enrollment.id, {
      known: view,
      knownAccount: { summary: undefined },
    });
    await interruptEnrollment(deps, situation, { kind: "handoff", reason });
  }
}

/** A chosen contact: its stage set (forward only), enrolled in `to`, and the owner's accept task (settings.sla). */
async function handOver(
  wave: AccountWave,
  contact: Contact,
  options: { except?: string },
): Promise<EnrollResult & { awaiting?: RepTask }> {
  const { deps, handoff: h } = wave;
  if (h.setStage)
    await changeStage(deps, contact, h.setStage, {
      by: `handoff:${wave.campaign}`,
      reason: `handed to ${h.to} with its account`,
      direction: "forward-only",
      ...options,
    });
  const source = { enrollmentId: wave.handedOffBy, workflowId: wave.campaign, why: "handoff" as const };
  const result = await enroll(deps, contact.id, h.to, source);
  if (result.status === "refused") return result;
  const lead = { contact, owner: wave.owner, handedOffBy: wave.handedOffBy, enrollment: result.enrollment };
  const awaiting = await awaitAnswer(deps, lead);
  return { ...result, ...(awaiting ? { awaiting } : {}) };
}

/** Marks the enrollment whose rule fired handed off, and counts it (again, once, on a retry). */
async function endOwnEnrollment(deps: EngineDeps, situation: Situation, to: string): Promise<void> {
  const end = {
    status: "handed-off" as const,
    reason: `handed to ${to}`,
    endedAt: situation.now.toISOString(),
  };
  const { contact, enrollment } = situation;
  const first = await deps.store.updateEnrollment(contact.id, enrollment.id, end, ["active"]);
  await countEnding(deps, first ? { ...enrollment, ...end } : enrollment);
}

/**
 * Tells Slack once per account and campaign: claimed by one conditional put, after the rest is
 * done, so a retry or a racing contact of the account does not post again (a crash between the
 * claim and the post loses the message rather than post it twice, as for a contact's handoff).
 */
async function tellOnce(
  wave: AccountWave,
  situation: Situation,
  told: { handed: readonly Contact[]; lead: EnrollResult & { awaiting?: RepTask } },
): Promise<void> {
  const { deps, handoff: h } = wave;
  const notify = h.notify!;
  const now = deps.clock.now();
  const expiry = { now, expiresAt: new Date(now.getTime() + TOLD_MEMORY_SECONDS * 1000) };
  if (!(await deps.store.rememberOnce(`account-handoff:${wave.campaign}:${wave.account}`, expiry))) return;
  const row = await deps.store.getAccount(wave.account);
  const summary = row ? accountSummary(row) : { account: wave.account, score: 0, contacts: 0 };
  const owner = ownerOf(deps, wave.owner);
  const text = accountHandoffMessage(deps, {
    contact: situation.contact,
    ...(owner ? { owner } : {}),
    workflow: { id: situation.workflow.id, name: situation.workflow.name },
    to: h.to,
    score: situation.score,
    ...(notify.message ? { message: notify.message } : {}),
    ...(told.lead.awaiting ? { answerUrl: leadAnswerUrl(deps, told.lead.awaiting) } : {}),
    account: summary,
    handed: told.handed,
  });
  await deps.slack.post(notify.slack, text);
}
