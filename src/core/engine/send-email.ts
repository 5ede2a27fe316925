import { InterruptError, SendPacedError, SendWindowClosedError, wasNotSent, wasThrottled } from "../errors";
import type { SendRecord } from "../model";
import type { OutboundEmail, SentEmail } from "../ports";
import { nextOpening, windowZone } from "../send-window-time";
import { completeIfLast } from "./complete";
import { countSent } from "./count-facts";
import type { EngineDeps } from "./deps";
import { emailTags } from "./email-identity";
import { pauseToNextEmail } from "./hold";
import type { LinkContext } from "./links";
import { emailHeaders, renderInput, replyAddressOf, senderOf } from "./outbound-email";
import { type SendPacing, takeSendPlace } from "./pacing";
import type { EmailPayload } from "./payloads";
import {
  consentWithdrawn,
  type Fired,
  guard,
  ledgerEntry,
  loadSituation,
  recordEnd,
  type Situation,
} from "./situation";
import { emailTouch } from "./sla";
import { earlierOutcome, markUncertain } from "./uncertain-sends";

export type SendOutcome = (
  | { status: "sent"; messageId: string }
  | { status: "already-sent"; messageId?: string }
  | { status: "skipped"; reason: string }
  | { status: "uncertain"; reason: string }
) & { pauseSeconds?: number; pauseSlot?: number };

/**
 * The email step: interrupts first, then the send window, then render, then the ledger claim
 * right before the SES call, then the message id. A second invocation for the same (enrollment,
 * step) finds the claim and sends nothing: an email goes out at most once, even after a crash
 * mid-send. A failure before the claim loses nothing (the retry renders again); an email SES
 * refused (throttled, paused) releases its claim so the retry sends it; an SES call that ended
 * without an answer leaves the entry uncertain and the execution goes on (uncertain-sends.ts).
 */
export async function sendEmailStep(deps: EngineDeps, payload: EmailPayload): Promise<SendOutcome> {
  const situation = await loadSituation(deps, payload.contactId, payload.enrollmentId, {
    checkAddress: true,
  });
  const step = payload.step;
  const done = ledgerEntry(situation, step.id);
  // Before the guard: a retry after a crash between the ledger's "sent" and its count counts it,
  // even when the enrollment has ended meanwhile.
  if (done?.status === "sent") await countSent(deps, done);
  await guard(deps, situation);

  if (step.sendWindow) {
    const zone = windowZone(
      step.sendWindow,
      situation.contact.timezone,
      deps.catalog.settings.defaultTimezone,
    );
    const opens = nextOpening(step.sendWindow, zone, situation.now);
    const seconds = Math.ceil((opens.getTime() - situation.now.getTime()) / 1000);
    if (seconds > 0) throw new SendWindowClosedError(seconds);
  }

  const pacing = payload.paced ? deps.pacing : undefined;
  const outcome: SendOutcome =
    done && done.status !== "released"
      ? await earlierOutcome(deps, done)
      : await renderAndSend(deps, situation, step, pacing);
  if (outcome.status === "sent" || outcome.status === "already-sent")
    await emailTouch(deps, situation, step.id);
  await completeIfLast(deps, situation, payload.complete);
  if (payload.nextPause) {
    const pause = await pauseToNextEmail(deps, situation.contact.timezone, payload.nextPause, pacing);
    outcome.pauseSeconds = pause.seconds;
    outcome.pauseSlot = pause.slot;
  }
  return outcome;
}

/**
 * The second reserved for this email under the send rate, by the enrollment's last pause: a hold
 * of this email, or the wait before it (a window-aware wait's state, or the pause an email state
 * kept after its send; such a pause leads to an email). With no pause yet, the place a scheduled
 * start reserved for the enrollment's first email (`startSlot`): it is used only while no other
 * email of the enrollment has a ledger entry, so it serves the first email alone (a later one, after
 * a waitFor whose event cleared the pause, takes its own place). A reservation is one place: not
 * one that another email of the enrollment used in that second.
 */
function reservedSecond(situation: Situation, stepId: string): number | undefined {
  const { pause, startSlot } = situation.enrollment;
  const mine = situation.sends.filter(
    (send) => send.enrollmentId === situation.enrollment.id && send.stepId !== stepId,
  );
  let slot: number | undefined;
  if (pause)
    slot =
      pause.kind === "wait" || (pause.kind === "hold" && pause.stepId === stepId) ? pause.slot : undefined;
  else if (mine.length === 0) slot = startSlot;
  const used = mine.some((send) => Math.floor(Date.parse(send.claimedAt) / 1000) === slot);
  return used ? undefined : slot;
}

/** Renders the email, then claims its ledger entry and sends it (claimAndSend). */
async function renderAndSend(
  deps: EngineDeps,
  situation: Situation,
  step: EmailPayload["step"],
  /** The send rate, when the machine holds paced emails. */
  pacing: SendPacing | undefined,
): Promise<SendOutcome> {
  const links: LinkContext = {
    contactId: situation.contact.id,
    enrollmentId: situation.enrollment.id,
    stepId: step.id,
  };
  const input = renderInput(deps, situation, step, links);
  const from = senderOf(deps, situation, step, input);
  const rendered = await deps.renderer.render(input);
  const replyTo = await replyAddressOf(deps, situation, links);
  // The claim carries the links and subject, so clicks resolve even if the handler dies after SES.
  const claim: SendRecord = {
    ...links,
    workflowId: situation.workflow.id,
    status: "claimed",
    claimedAt: deps.clock.now().toISOString(),
    subject: rendered.subject,
    links: rendered.links,
  };
  const email: OutboundEmail = {
    from,
    to: situation.contact.email,
    ...(replyTo ? { replyTo } : {}),
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: emailHeaders(situation, step, input.unsubscribeUrl),
    tags: emailTags({ ...links, workflowId: situation.workflow.id }),
  };
  return claimAndSend(deps, situation, claim, email, pacing);
}

/**
 * Takes a place under the send rate (paced machines), claims the ledger entry, reads consent
 * again, then calls SES: the claim comes first so that a second invocation never sends; consent is read after it, right before SES, so that an
 * unsubscribe (or a bounce or complaint at the address) that landed while the email was being
 * rendered stops it. Withdrawn: the entry is skipped and the enrollment ends as guard() ends it.
 */
async function claimAndSend(
  deps: EngineDeps,
  situation: Situation,
  claim: SendRecord,
  email: OutboundEmail,
  pacing: SendPacing | undefined,
): Promise<SendOutcome> {
  const { contactId, enrollmentId, stepId } = claim;
  // Paced right before the claim, so the second counted is the second SES sees the email in.
  if (pacing) await takeSendPlace(deps.store, pacing, deps.clock.now(), reservedSecond(situation, stepId));
  const { claimed, record } = await deps.store.claimSend(claim);
  if (!claimed) return earlierOutcome(deps, record);
  const withdrawn = await consentNow(deps, situation);
  if (withdrawn) {
    await deps.store.updateSend(
      contactId,
      enrollmentId,
      stepId,
      { status: "skipped", reason: withdrawn.reason },
      ["claimed"],
    );
    await recordEnd(deps, situation, withdrawn);
    throw new InterruptError(withdrawn.kind, withdrawn.reason);
  }
  let sent: SentEmail;
  try {
    sent = await deps.mailer.send(email);
  } catch (error) {
    // Refused by SES: certainly not sent, so the retry may claim it again. Anything else (a 5xx,
    // a timeout, a lost connection) may hide an accepted email: uncertain, never sent again.
    if (!wasNotSent(error)) return markUncertain(deps, claim, error);
    await deps.store.releaseSend(contactId, enrollmentId, stepId, String((error as Error).name));
    // SES throttled it (nothing sent, the claim released): held for a reserved second, not retried.
    if (pacing && wasThrottled(error)) throw new SendPacedError(`SES throttled: ${(error as Error).message}`);
    throw error;
  }
  const patch = {
    status: "sent" as const,
    sentAt: deps.clock.now().toISOString(),
    messageId: sent.messageId,
    headerMessageId: sent.headerMessageId,
  };
  await deps.store.completeSend(contactId, enrollmentId, stepId, patch);
  await countSent(deps, { ...claim, ...patch });
  return { status: "sent", messageId: sent.messageId };
}

/** The contact's consent and its address's suppression as stored now (not as the situation read them). */
async function consentNow(deps: EngineDeps, situation: Situation): Promise<Fired | undefined> {
  const [contact, suppression] = await Promise.all([
    deps.store.getContact(situation.contact.id),
    deps.store.getSuppression(situation.contact.email),
  ]);
  return consentWithdrawn({ contact: contact ?? situation.contact, ...(suppression ? { suppression } : {}) });
}
