import type { PausePayload } from "../../core/engine/payloads";
import { completeTask } from "../../core/engine/rep-tasks";
import { receiveReply } from "../../core/engine/replies";
import type { OutboundEmail } from "../../core/ports";
import { meterInvocation } from "../meters";
import { type Activity, actOf, isBuiltIn, pickActivity } from "./activity";
import { Actor, type ActorOptions } from "./actor";
import { clickTokens, oneClickUnsubscribe, tagOf } from "./email-links";
import { Journeys } from "./journeys";
import { type Persona, TASK_COMPLETION } from "./personas";
import { Random } from "./random";
import { repAnswer } from "./reps";
import { type SentEmail, SesReports } from "./ses-reports";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface ReactionsOptions extends ActorOptions {
  seed: number;
  /** Each prospect's persona, by contact id: only these contacts react. */
  personas: ReadonlyMap<string, Persona>;
  /** The custom events the workflows listen to, that prospects do (see activity.ts). */
  activities: readonly Activity[];
}

/** One email as the prospect who got it reads it. */
interface Received extends SentEmail {
  contactId: string;
  persona: Persona;
  /** The contact's own seeded stream for this email: what happens to it, drawn in a fixed order. */
  random: Random;
  /** How many emails the contact has had, this one included. */
  count: number;
}

/** Emails from the sales sequence (from the contact's owner) get the persona's `salesReply` chance. */
const fromSales = (email: OutboundEmail) => email.tags.workflow === "sdr-follow-up";
// `via`, not `source`: a property named source would make the booking a marketing touch (src/core/attribution/touch.ts).
const MEETING = { event: "meeting.booked", properties: { via: "calendar" } };

/**
 * What prospects do with the emails they get, on virtual time, through the same doors real
 * engagement comes in by: SES events (opens, bounces, complaints), the click redirect, the
 * one-click unsubscribe, the reply address, the events API and the task-completion API.
 */
export class Reactions extends Actor {
  private readonly bounced = new Set<string>();
  private readonly gone = new Set<string>();
  private readonly sentTo = new Map<string, number>();
  private readonly ses: SesReports;
  /** Touches over time and deals (journeys.ts); the simulator takes each prospect's first touch from it. */
  readonly journeys: Journeys;

  constructor(private readonly options: ReactionsOptions) {
    super(options);
    const { runtime, policy, seed } = options;
    this.ses = new SesReports({ runtime, policy, onGrid: (delay, deliver) => this.onGrid(delay, deliver) });
    this.journeys = new Journeys({ actor: this, seed, catalog: runtime.deps.catalog });
  }

  /** With the persona's activity chance, one of the custom events the workflows listen to, hours after `after`. */
  private maybeAct(
    contactId: string,
    persona: Persona,
    { key, after }: { key: string[]; after: number },
  ): void {
    const random = Random.for(this.options.seed, contactId, "activity", ...key);
    if (!random.chance(persona.activity)) return;
    const act = pickActivity(this.options.activities, random);
    if (act)
      this.track(contactId, act, { after: after + random.between(0.5, 48) * HOUR, key: key.join("/") });
  }

  /** A prospect who has just come in may use the product or browse the site straight away, and comes back later. */
  onEntry(contactId: string): void {
    const persona = this.options.personas.get(contactId);
    if (!persona) return;
    this.maybeAct(contactId, persona, { key: ["entry"], after: 0 });
    this.journeys.onEntry(contactId, persona);
  }

  /**
   * A `waitFor` on a custom event: with its activity chance the prospect does what the step waits
   * for, at a time up to half the timeout late (so both the `then` and the `else` path are taken).
   */
  onPause(payload: PausePayload): void {
    const { step, contactId, enrollmentId } = payload;
    const persona = this.options.personas.get(contactId);
    if (step.type !== "waitFor" || !step.event || isBuiltIn(step.event) || !step.seconds || !persona) return;
    const random = Random.for(this.options.seed, contactId, "awaited", enrollmentId, step.id);
    if (!random.chance(persona.activity)) return;
    const act = actOf({
      event: step.event,
      ...(step.link !== undefined ? { link: step.link } : {}),
      ...(step.where !== undefined ? { where: step.where } : {}),
    });
    const after = random.between(0.05, 1.5) * step.seconds * 1000;
    this.track(contactId, act, { after, key: `${enrollmentId}/${step.id}` });
  }

  /**
   * Decides, with the contact's own seeded stream, what happens to one email: a bounce (only ever
   * the first), a complaint, or an open (and maybe a click), then a reply or an unsubscribe.
   */
  onSend(email: OutboundEmail, messageId: string): void {
    const contactId = email.tags.contact!;
    const persona = this.options.personas.get(contactId);
    if (!persona || this.gone.has(contactId)) return;
    const count = (this.sentTo.get(contactId) ?? 0) + 1;
    this.sentTo.set(contactId, count);
    const random = Random.for(this.options.seed, contactId, email.tags.workflow ?? "", email.tags.step ?? "");
    const received: Received = { email, messageId, contactId, persona, random, count };
    const bounces = count === 1 && random.chance(persona.bounce);
    if (!bounces) this.ses.delivered(received);
    if (bounces) this.bounce(received);
    else if (random.chance(persona.complaint)) this.complain(received);
    else this.answer(received, random.chance(persona.open) ? this.open(received) : 0);
  }

  private bounce(received: Received): void {
    this.bounced.add(received.contactId);
    this.gone.add(received.contactId);
    this.ses.report(received, {
      eventType: "Bounce",
      after: MINUTE,
      detail: (timestamp) => ({ bounce: { bounceType: "Permanent", bounceSubType: "General", timestamp } }),
    });
  }

  private complain(received: Received): void {
    this.gone.add(received.contactId);
    this.ses.report(received, {
      eventType: "Complaint",
      after: 2 * HOUR,
      detail: (timestamp) => ({ complaint: { timestamp } }),
    });
  }

  /** Opens the email, may do something of its own, may click: how long from now until it is read (ms). */
  private open(received: Received): number {
    const { email, contactId, persona, random, count } = received;
    const openedAfter = random.between(0.3, 30) * HOUR;
    this.ses.report(received, {
      eventType: "Open",
      after: openedAfter,
      detail: (timestamp) => ({ open: { timestamp } }),
    });
    const { workflow = "", step = "" } = email.tags;
    this.maybeAct(contactId, persona, { key: [workflow, step, String(count)], after: openedAfter });
    if (!random.chance(persona.click)) return openedAfter;
    const clickedAfter = openedAfter + random.between(1, 15) * MINUTE;
    this.click(received, clickedAfter);
    return clickedAfter;
  }

  /** A click: on the pricing link with the persona's pricing chance, else on the first other link; then maybe the pricing page. */
  private click({ email, contactId, persona, random }: Received, after: number): void {
    const tokens = clickTokens(email);
    const pricing = tokens.find((token) => tagOf(token) === "pricing");
    const token =
      pricing && random.chance(persona.pricing)
        ? pricing
        : (tokens.find((other) => tagOf(other) !== "pricing") ?? undefined);
    if (!token) return;
    this.at(after, () => this.api({ method: "GET", path: `/r/${token}`, headers: {}, body: "" }));
    if (tagOf(token) === "pricing" && random.chance(persona.pageView))
      this.at(after + 2 * MINUTE, () =>
        this.post("/events", { contactId, event: "page.view", properties: { path: "/pricing" } }),
      );
  }

  /** Once the email is read (`readAfter` ms from now; 0 when it was not opened): a reply, or else maybe an unsubscribe. */
  private answer(received: Received, readAfter: number): void {
    const { email, persona, random } = received;
    if (random.chance(fromSales(email) ? persona.salesReply : persona.reply) && email.replyTo)
      this.reply(received, readAfter);
    else if (random.chance(persona.unsubscribe)) this.unsubscribe(received, readAfter);
  }

  /** A reply to the email's reply address (to sales, maybe a meeting booked after it). */
  private reply({ email, messageId, contactId, persona, random }: Received, readAfter: number): void {
    const { runtime } = this.options;
    const replyAfter = readAfter + random.between(1, 48) * HOUR;
    const subject = `Re: ${email.subject}`;
    // Received when first delivered: a retry is SES's redelivery of the same message, at the same time.
    let receivedAt: string | undefined;
    this.at(replyAfter, () => {
      receivedAt ??= runtime.clock.now().toISOString();
      const mail = {
        messageId: `inbound-${messageId}`,
        at: receivedAt,
        recipients: [email.replyTo!],
        subject,
        headers: [],
      };
      return meterInvocation(runtime.usage, "inbound", () => receiveReply(runtime.deps, mail));
    });
    if (!fromSales(email) || !random.chance(persona.meeting)) return;
    const meetingAfter = replyAfter + random.between(2, 48) * HOUR;
    this.at(meetingAfter, () => this.post("/events", { id: `${messageId}/meeting`, contactId, ...MEETING }));
    this.journeys.onSalesMoment(contactId, persona, { after: meetingAfter });
  }

  /** The one-click unsubscribe of the email's List-Unsubscribe header, when it has one. */
  private unsubscribe({ email, contactId, random }: Received, readAfter: number): void {
    const request = oneClickUnsubscribe(email);
    if (!request) return;
    this.gone.add(contactId);
    this.at(readAfter + random.between(1, 24) * HOUR, () => this.api(request));
  }

  /** A rep works the call task, or does not, before it times out. */
  onTask(contactId: string, taskId: string): void {
    const { runtime, seed } = this.options;
    const random = Random.for(seed, contactId, "task", taskId);
    if (!random.chance(TASK_COMPLETION)) return;
    this.at(random.between(0.5, 20) * HOUR, () =>
      meterInvocation(runtime.usage, "api", () => completeTask(runtime.deps, taskId, "rep")),
    );
  }

  /** A lead handed off as `enrollmentId`: its owner answers it, or not (reps.ts); one not rejected may buy later. */
  onHandoff(contactId: string, enrollmentId: string): void {
    const { runtime, seed, personas } = this.options;
    const answer = repAnswer(runtime.deps.catalog.settings.sla, { seed, contactId, enrollmentId });
    if (answer) this.at(answer.after, () => this.post(answer.path, answer.body));
    const persona = personas.get(contactId);
    if (persona && !answer?.path.endsWith("/reject"))
      this.journeys.onSalesMoment(contactId, persona, { after: 0 });
  }

  get bouncedCount(): number {
    return this.bounced.size;
  }
}
