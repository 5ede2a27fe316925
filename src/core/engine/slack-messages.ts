/**
 * What Handoff posts to Slack on a handoff and when a rep task is created: the marketer's message
 * (Liquid, values escaped for Slack) or a default one, with the owner @-mentioned when settings
 * give their Slack member id.
 */
import type { Owner } from "../language";
import type { Contact, RepTask } from "../model";
import { escapeSlack } from "../render";
import type { EngineDeps } from "./deps";

/** `<@U024BE7LH>`: how Slack mentions a member; undefined for an owner without a Slack id. */
export function mentionOf(owner: Owner | undefined): string | undefined {
  return owner?.slackUser ? `<@${owner.slackUser}>` : undefined;
}

/** The text with the owner mentioned first, unless the text mentions them already. */
export function withMention(text: string, owner: Owner | undefined): string {
  const mention = mentionOf(owner);
  return mention && !text.includes(mention) ? `${mention} ${text}` : text;
}

/** "Ana Silva (Globex)", escaped for Slack; the email when the contact has no name. */
export function contactLabel(contact: Contact): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ") || contact.email;
  return escapeSlack(contact.company ? `${name} (${contact.company})` : name);
}

export interface HandoffNotice {
  contact: Contact;
  owner?: Owner;
  workflow: { id: string; name: string };
  to: string;
  score: number;
  /** The marketer's message (Liquid), if any. */
  message?: string;
  /** The page where the owner accepts or rejects the lead (settings.sla), if the SLA applies. */
  answerUrl?: string;
}

export function handoffMessage(deps: EngineDeps, n: HandoffNotice): string {
  const text = n.message
    ? deps.renderer.renderSlack(n.message, {
        contact: n.contact,
        workflow: n.workflow,
        ...(n.owner ? { owner: n.owner } : {}),
      })
    : `Handoff: ${contactLabel(n.contact)} moved from ${escapeSlack(n.workflow.name)} to ${escapeSlack(n.to)}; owner ${escapeSlack(n.owner?.name ?? "unassigned")}; score ${n.score}.`;
  const answer = n.answerUrl ? `\n<${n.answerUrl}|Accept or reject>` : "";
  return withMention(text + answer, n.owner);
}

export interface AccountHandoffNotice extends HandoffNotice {
  /** The account, as its row stands after the handoff (score, stage, contacts). */
  account: { account: string; score: number; contacts: number };
  /** The contacts enrolled in `to`: the one whose rule fired first. */
  handed: readonly Contact[];
}

/**
 * The one message of an account handoff (src/core/engine/account-handoff.ts): the marketer's
 * message rendered for the contact whose rule fired, else the account, who went to `to` and the
 * owner; the owner @-mentioned.
 */
export function accountHandoffMessage(deps: EngineDeps, n: AccountHandoffNotice): string {
  if (n.message) return handoffMessage(deps, n);
  const who = n.handed.map(contactLabel).join(", ");
  const text = `Account handoff: ${escapeSlack(n.account.account)} (${n.account.contacts} contacts, score ${n.account.score}) moved from ${escapeSlack(n.workflow.name)} to ${escapeSlack(n.to)}: ${who}; owner ${escapeSlack(n.owner?.name ?? "unassigned")}.`;
  const answer = n.answerUrl ? `\n<${n.answerUrl}|Accept or reject>` : "";
  return withMention(text + answer, n.owner);
}

export interface SlaMissNotice {
  contact: Contact;
  /** The owner who did not answer in time. */
  missedBy?: Owner;
  /** The owner the lead went to; none when settings list no other owner. */
  to?: Owner;
  /** settings.sla.acceptWithin, as written. */
  within: string;
}

/** The managers' channel, once per missed lead: who missed it and who has it now (@-mentioned). */
export function slaMissMessage(n: SlaMissNotice): string {
  const missed = escapeSlack(n.missedBy?.name ?? "its owner");
  const now = n.to ? `reassigned to ${escapeSlack(n.to.name)}` : "no other owner to reassign it to";
  const text = `SLA missed: ${contactLabel(n.contact)} was not accepted by ${missed} within ${escapeSlack(n.within)}; ${now}.`;
  return withMention(text, n.to);
}

/** "Thu 5 Mar 10:00 America/New_York": a deadline on the owner's clock (else the default zone). */
function localDeadline(at: string, zone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(at));
  return `${text.replace(",", "")} ${zone}`;
}

export interface TaskNotice {
  task: RepTask;
  contact: Contact;
  owner?: Owner;
  workflow: { id: string; name: string };
  message?: string;
}

export function taskMessage(deps: EngineDeps, n: TaskNotice): string {
  const zone = n.owner?.timezone ?? deps.catalog.settings.defaultTimezone;
  const text = n.message
    ? deps.renderer.renderSlack(n.message, {
        contact: n.contact,
        workflow: n.workflow,
        ...(n.owner ? { owner: n.owner } : {}),
      })
    : `New ${n.task.task} task for ${escapeSlack(n.owner?.name ?? "nobody: the contact has no owner")}: ${escapeSlack(n.task.title)} · ${contactLabel(n.contact)} · due ${localDeadline(n.task.deadline, zone)}`;
  return withMention(text, n.owner);
}
