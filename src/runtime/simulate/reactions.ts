import { mailEventOf, type SesEventDetail } from "../../adapters/aws/events/ses-event";
import { localAdminKey } from "../../adapters/http/keys";
import { route } from "../../adapters/http/router";
import type { HttpRequest } from "../../adapters/http/types";
import { engagementEventOf, receiveMailEvent } from "../../core/engine/mail-events";
import type { PausePayload } from "../../core/engine/payloads";
import { completeTask } from "../../core/engine/rep-tasks";
import { receiveReply } from "../../core/engine/replies";
import type { OutboundEmail } from "../../core/ports";
import type { LocalRuntime } from "../local-runtime";
import { meterInvocation } from "../meters";
import { sesEventTags } from "../ses-event-tags";
import { type Act, type Activity, actOf, isBuiltIn, pickActivity } from "./activity";
import { type DeliveryPolicy, reliably } from "./delivery";
import { type Persona, TASK_COMPLETION } from "./personas";
import { Random } from "./random";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const SIMULATION_API_KEY = "simulation-api-key";

/**
 * What prospects do with the emails they get, on virtual time, through the same doors real
 * engagement comes in by: SES events (opens, bounces, complaints), the click redirect, the
 * one-click unsubscribe, the reply address, the events API and the task-completion API.
 */
export class Reactions {
  private readonly bounced = new Set<string>();
  private readonly gone = new Set<string>();
  private readonly sentTo = new Map<string, number>();
  /** Past the simulated days prospects and reps take no more initiatives; SES still reports. */
  private quiet = false;

  constructor(
    private readonly rt: LocalRuntime,
    private readonly seed: number,
    private readonly personas: Map<string, Persona>,
    private readonly grid: number,
    /** The custom events the workflows listen to, that prospects do (see activity.ts). */
    private readonly activities: readonly Activity[],
    private readonly policy?: DeliveryPolicy,
  ) {}

  /** Runs `action`, retrying it on failure when the policy says so; gives it up to the dead letters. */
  reliably(what: string, action: () => Promise<unknown>): () => Promise<void> {
    return reliably(this.rt, this.policy, what, action);
  }

  private api(request: Omit<HttpRequest, "query">) {
    return meterInvocation(this.rt.usage, "api", () =>
      route(this.rt.http({ apiKeys: [localAdminKey(SIMULATION_API_KEY)], signingSecrets: [] }), {
        query: {},
        ...request,
      }),
    );
  }

  private async sesEvent(
    email: OutboundEmail,
    messageId: string,
    eventType: string,
    at: number,
    extra: Record<string, unknown>,
  ): Promise<unknown> {
    const event = mailEventOf({
      eventType,
      mail: { timestamp: new Date(at).toISOString(), messageId, tags: sesEventTags(email.tags) },
      ...extra,
    } as SesEventDetail);
    // The monitor sees the event as it is about the email that was sent (its own ids, from the
    // send), and the store gets it the way SES hands it over (escaped tags, through the handler's
    // use case): an event that landed on another contact or enrollment shows as stored 0 times.
    const { contact, enrollment, workflow, step } = email.tags;
    const truth = engagementEventOf(event, {
      contactId: contact!,
      ...(enrollment ? { enrollmentId: enrollment } : {}),
      ...(workflow ? { workflowId: workflow } : {}),
      ...(step ? { stepId: step } : {}),
    });
    if (!truth) return undefined;
    this.policy?.observe(truth);
    return meterInvocation(this.rt.usage, "sesEvents", () => receiveMailEvent(this.rt.deps, event));
  }

  /** Delivers an SES event `delay` from now: more than once, or late, when the policy says so. */
  private sesAt(delay: number, deliver: () => Promise<unknown>): void {
    for (const extra of this.policy?.sesDeliveries() ?? [0]) this.onGrid(delay + extra, deliver);
  }

  /**
   * From now on nobody acts of their own accord (no click, reply, event or completed task); what
   * SES reports about emails still arrives. A chaos run drains its enrollments this way: with
   * prospects still engaging, recycling campaigns would go on for ever.
   */
  stopActing(): void {
    this.quiet = true;
  }

  /**
   * Runs `action` after `delay`, on the next whole grid step: prospects act "within the hour", and
   * actions that share an instant run together, which is what makes a large simulation fast.
   */
  private at(delay: number, action: () => Promise<unknown>): void {
    if (!this.quiet) this.onGrid(delay, action);
  }

  private onGrid(delay: number, action: () => Promise<unknown>): void {
    const at = Math.ceil((this.rt.clock.millis() + delay) / this.grid) * this.grid;
    this.rt.schedule(at, this.reliably("a prospect's action", action));
  }

  /**
   * Posts `act` for the contact `delay` from now: a burst in one request (so that it does not race
   * itself), each event with an id made of `key`, so a retried action is a duplicate and not a new event.
   */
  private track(contactId: string, act: Act, delay: number, key: string): void {
    const events = Array.from({ length: act.times }, (_, i) => ({
      id: `sim/${contactId}/${key}/${i + 1}`,
      contactId,
      event: act.event,
      properties: act.properties,
    }));
    this.at(delay, () =>
      this.api({
        method: "POST",
        path: "/events",
        headers: { "content-type": "application/json", "x-api-key": SIMULATION_API_KEY },
        body: JSON.stringify({ events }),
      }),
    );
  }

  /** With the persona's activity chance, one of the custom events the workflows listen to, hours after `after`. */
  private maybeAct(contactId: string, persona: Persona, key: string[], after: number): void {
    const r = Random.for(this.seed, contactId, "activity", ...key);
    if (!r.chance(persona.activity)) return;
    const act = pickActivity(this.activities, r);
    if (act) this.track(contactId, act, after + r.between(0.5, 48) * HOUR, key.join("/"));
  }

  /** A prospect who has just come in may use the product or browse the site straight away. */
  onEntry(contactId: string): void {
    const persona = this.personas.get(contactId);
    if (persona) this.maybeAct(contactId, persona, ["entry"], 0);
  }

  /**
   * A `waitFor` on a custom event: with its activity chance the prospect does what the step waits
   * for, at a time up to half the timeout late (so both the `then` and the `else` path are taken).
   */
  onPause(payload: PausePayload): void {
    const { step, contactId, enrollmentId } = payload;
    const persona = this.personas.get(contactId);
    if (step.type !== "waitFor" || !step.event || isBuiltIn(step.event) || !step.seconds || !persona) return;
    const r = Random.for(this.seed, contactId, "awaited", enrollmentId, step.id);
    if (!r.chance(persona.activity)) return;
    const act = actOf({
      event: step.event,
      ...(step.link !== undefined ? { link: step.link } : {}),
      ...(step.where !== undefined ? { where: step.where } : {}),
    });
    this.track(contactId, act, r.between(0.05, 1.5) * step.seconds * 1000, `${enrollmentId}/${step.id}`);
  }

  /** Decides, with the contact's own seeded stream, what happens to one email. */
  onSend(email: OutboundEmail, messageId: string): void {
    const contactId = email.tags.contact!;
    const persona = this.personas.get(contactId);
    if (!persona || this.gone.has(contactId)) return;
    const count = (this.sentTo.get(contactId) ?? 0) + 1;
    this.sentTo.set(contactId, count);
    const r = Random.for(this.seed, contactId, email.tags.workflow ?? "", email.tags.step ?? "");
    if (count === 1 && r.chance(persona.bounce)) {
      this.bounced.add(contactId);
      this.gone.add(contactId);
      const at = this.rt.clock.millis() + MINUTE;
      this.sesAt(MINUTE, () =>
        this.sesEvent(email, messageId, "Bounce", at, {
          bounce: {
            bounceType: "Permanent",
            bounceSubType: "General",
            timestamp: new Date(at).toISOString(),
          },
        }),
      );
      return;
    }
    if (r.chance(persona.complaint)) {
      this.gone.add(contactId);
      const at = this.rt.clock.millis() + 2 * HOUR;
      this.sesAt(2 * HOUR, () =>
        this.sesEvent(email, messageId, "Complaint", at, {
          complaint: { timestamp: new Date(at).toISOString() },
        }),
      );
      return;
    }
    let clock = 0;
    if (r.chance(persona.open)) {
      clock = r.between(0.3, 30) * HOUR;
      const openAt = this.rt.clock.millis() + clock;
      this.sesAt(clock, () =>
        this.sesEvent(email, messageId, "Open", openAt, {
          open: { timestamp: new Date(openAt).toISOString() },
        }),
      );
      const { workflow = "", step = "" } = email.tags;
      this.maybeAct(contactId, persona, [workflow, step, String(count)], clock);
      if (r.chance(persona.click)) {
        clock += r.between(1, 15) * MINUTE;
        const links = [...email.html.matchAll(/https?:\/\/[^"'\s<>]+\/r\/([A-Za-z0-9._~-]+)/g)].map(
          (m) => m[1]!,
        );
        const pricing = links.find((token) => tagOf(token) === "pricing");
        const token =
          pricing && r.chance(persona.pricing)
            ? pricing
            : (links.find((t) => tagOf(t) !== "pricing") ?? undefined);
        if (token)
          this.at(clock, () => this.api({ method: "GET", path: `/r/${token}`, headers: {}, body: "" }));
        if (token && tagOf(token) === "pricing" && r.chance(persona.pageView)) {
          this.at(clock + 2 * MINUTE, () =>
            this.api({
              method: "POST",
              path: "/events",
              headers: { "content-type": "application/json", "x-api-key": SIMULATION_API_KEY },
              body: JSON.stringify({ contactId, event: "page.view", properties: { path: "/pricing" } }),
            }),
          );
        }
      }
    }
    const isSales = email.tags.workflow === "sdr-follow-up";
    if (r.chance(isSales ? persona.salesReply : persona.reply) && email.replyTo) {
      const replyAt = clock + r.between(1, 48) * HOUR;
      const subject = `Re: ${email.subject}`;
      const replyTo = email.replyTo;
      this.at(replyAt, () =>
        meterInvocation(this.rt.usage, "inbound", () =>
          receiveReply(this.rt.deps, {
            messageId: `inbound-${messageId}`,
            at: this.rt.clock.now().toISOString(),
            recipients: [replyTo],
            subject,
            headers: [],
          }),
        ),
      );
      if (isSales && r.chance(persona.meeting)) {
        this.at(replyAt + r.between(2, 48) * HOUR, () =>
          this.api({
            method: "POST",
            path: "/events",
            headers: { "content-type": "application/json", "x-api-key": SIMULATION_API_KEY },
            body: JSON.stringify({ contactId, event: "meeting.booked", properties: { source: "calendar" } }),
          }),
        );
      }
    } else if (r.chance(persona.unsubscribe)) {
      const unsubscribe = oneClickUnsubscribe(email);
      if (unsubscribe) {
        this.gone.add(contactId);
        this.at(clock + r.between(1, 24) * HOUR, () => this.api(unsubscribe));
      }
    }
  }

  /** A rep works the call task, or does not, before it times out. */
  onTask(contactId: string, taskId: string): void {
    const r = Random.for(this.seed, contactId, "task", taskId);
    if (!r.chance(TASK_COMPLETION)) return;
    this.at(r.between(0.5, 20) * HOUR, () =>
      meterInvocation(this.rt.usage, "api", () => completeTask(this.rt.deps, taskId, "rep")),
    );
  }

  get bouncedCount(): number {
    return this.bounced.size;
  }
}

/** The RFC 8058 one-click POST a mail client makes to an email's List-Unsubscribe URL. */
export function oneClickUnsubscribe(email: OutboundEmail): HttpRequest | undefined {
  const url = /<([^>]+)>/.exec(email.headers["List-Unsubscribe"] ?? "")?.[1];
  if (!url) return undefined;
  return {
    method: "POST",
    path: new URL(url).pathname,
    query: {},
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  };
}

/** The link tag inside a click token's payload (kid.payload.signature, payload base64url JSON). */
function tagOf(token: string): string | undefined {
  try {
    return (
      JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { l?: string }
    ).l;
  } catch {
    return undefined;
  }
}
