import type { ScenarioEvent } from "../../core/language";
import type { CapturedSend, Journal } from "./journal";
import { when } from "./moments";

const CLICK_TOKEN = /\/r\/([A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g;

/** The link tag a click token carries (its payload's `l`), read without verifying it. */
function tagOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
    return typeof payload?.l === "string" ? payload.l : undefined;
  } catch {
    return undefined;
  }
}

function clickTokens(send: CapturedSend): string[] {
  return [...new Set([...send.email.html.matchAll(CLICK_TOKEN)].map((match) => match[1]!))];
}

/** The click tokens of the email's tracked links with this tag, in order of appearance. */
export function trackedTokens(send: CapturedSend, tag: string): string[] {
  return clickTokens(send).filter((token) => tagOf(token) === tag);
}

/** The tags of the email's tracked links, in order of appearance. */
export function trackedTags(send: CapturedSend): string[] {
  const tags = clickTokens(send)
    .map(tagOf)
    .filter((found): found is string => found !== undefined);
  return [...new Set(tags)];
}

/**
 * Every `email.*` event answers an email (an open, a click, a reply, a bounce… of one email that
 * went to the contact): such an event with no email to answer cannot happen.
 */
export function answersAnEmail(event: ScenarioEvent): boolean {
  return event.event.startsWith("email.");
}

/** The email an event at a fixed moment answers: the latest one that can carry it. */
export function targetOf(journal: Journal, event: ScenarioEvent): CapturedSend | undefined {
  if (!answersAnEmail(event)) return undefined;
  const prefer =
    event.event === "email.click" && event.link
      ? (send: CapturedSend) => trackedTokens(send, event.link!).length > 0
      : event.event === "email.reply"
        ? (send: CapturedSend) => Boolean(send.email.replyTo)
        : undefined;
  return journal.latestTo(event.contact, prefer);
}

function tracks(send: CapturedSend): string {
  const tags = trackedTags(send);
  return tags.length ? `it tracks ${tags.map((tag) => `'${tag}'`).join(", ")}` : "it tracks no links";
}

/** Why no real contact could make a scenario event: in full, and briefly for the timeline. */
export interface Impossible {
  found: string;
  brief: string;
}

/**
 * Why no real contact could make this event, or undefined when one could: an email event with no
 * email to answer, a click on a link its email does not track (or on no link at all). `start` and
 * `now` (ms) date the event in the message.
 */
export function impossible(
  event: ScenarioEvent,
  target: CapturedSend | undefined,
  { start, now }: { start: number; now: number },
): Impossible | undefined {
  if (!answersAnEmail(event)) return undefined;
  const who = event.contact;
  const name = `${event.event}${event.link === undefined ? "" : ` '${event.link}'`}`;
  if (!target)
    return {
      found: `${who}: ${event.event} at ${when(start, now)} answers no email: none had gone out to ${who} yet`,
      brief: `${name} not delivered: no email had gone out yet`,
    };
  if (event.event !== "email.click") return undefined;
  const email = `${target.workflowId}/${target.stepId}`;
  if (event.link === undefined)
    return {
      found: `${who} clicks ${email} without naming a link: add "link" (${tracks(target)})`,
      brief: `${name} on ${email} not delivered: it names no link`,
    };
  if (trackedTokens(target, event.link).length) return undefined;
  // At a fixed moment the click went to the latest email tracking the link: none did, then.
  const earlier = event.afterSent === undefined ? `, nor does any earlier email to ${who}` : "";
  return {
    found: `${who} clicks '${event.link}' on ${email}, which tracks no such link (${tracks(target)})${earlier}`,
    brief: `${name} on ${email} not delivered: no such link`,
  };
}
