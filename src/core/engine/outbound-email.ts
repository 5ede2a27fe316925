/**
 * What an email step's message is made of besides its template: the merge fields and signed links
 * it renders with, its sender, its headers (one-click unsubscribe, the thread it continues) and
 * its reply address. src/core/engine/send-email.ts renders, claims and sends it.
 */
import { InvalidSenderError } from "../errors";
import type { LineContext, RenderInput } from "../render";
import type { EngineDeps } from "./deps";
import { clickUrl, type LinkContext, replyAddress, replyPayload, unsubscribeUrl } from "./links";
import type { EmailPayload } from "./payloads";
import { ledgerEntry, mergeFields, type Situation } from "./situation";

const ADDRESS = /<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>\s*$|^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * The rendered sender. One that renders to no address (a `from` of "{{ owner.name }} <{{ owner.email
 * }}>" for a contact without an owner) sends nothing: the step fails with the reason, the enrollment
 * ends failed, and a redrive sends the email once the contact has an owner.
 */
export function senderOf(
  deps: EngineDeps,
  situation: Situation,
  step: EmailPayload["step"],
  input: LineContext,
): string {
  const from = deps.renderer.renderLine(step.from, input).trim();
  if (ADDRESS.test(from)) return from;
  const why =
    /\bowner\b/.test(step.from) && !situation.contact.owner
      ? `contact ${situation.contact.id} has no owner: assign one (handoff.assign, or the contact's owner), then redrive`
      : "fix the from of the step or workflow";
  throw new InvalidSenderError(
    `the sender "${step.from}" of step ${step.id} rendered as "${from}", not an address: ${why}`,
  );
}

/** What the template renders with: the contact, its owner, the workflow and the email's signed links. */
export function renderInput(
  deps: EngineDeps,
  situation: Situation,
  step: EmailPayload["step"],
  links: LinkContext,
): RenderInput {
  return {
    templateId: step.template,
    subject: step.subject,
    ...(step.preheader ? { preheader: step.preheader } : {}),
    ...mergeFields(deps, situation),
    unsubscribeUrl: unsubscribeUrl(deps, links),
    trackLink: (_url: string, tag: string) => clickUrl(deps, links, tag),
  };
}

/** One-click unsubscribe (RFC 8058), and the thread of the earlier email this one replies to, once sent. */
export function emailHeaders(
  situation: Situation,
  step: EmailPayload["step"],
  unsubscribe: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    "List-Unsubscribe": `<${unsubscribe}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
  if (step.replyTo) {
    const earlier = ledgerEntry(situation, step.replyTo);
    if (earlier?.headerMessageId) {
      headers["In-Reply-To"] = earlier.headerMessageId;
      headers.References = earlier.headerMessageId;
    }
  }
  return headers;
}

/**
 * The email's reply address (none without a reply domain). A key too long to carry the contact id
 * is stored before the send, so the reply finds its email.
 */
export async function replyAddressOf(
  deps: EngineDeps,
  situation: Situation,
  links: LinkContext,
): Promise<string | undefined> {
  const reply = replyPayload(links);
  const replyTo = replyAddress(deps, reply.payload);
  if (replyTo && reply.stored) {
    await deps.store.saveReplyKey({
      key: reply.payload,
      contactId: situation.contact.id,
      enrollmentId: situation.enrollment.id,
      workflowId: situation.workflow.id,
      stepId: links.stepId,
    });
  }
  return replyTo;
}
