import { createHash } from "node:crypto";
import { ownerOf } from "../../core/engine/deps";
import { upsertContact } from "../../core/engine/enroll-contact";
import { ingestEvent } from "../../core/engine/ingest";
import { withdraw } from "../../core/engine/unsubscribe";
import { ContactInput, EventName, Scalar } from "../../core/language/input-schemas";
import * as z from "../../core/language/zod-mini";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_BODY_BYTES } from "./types";

/** An event's properties as callers may send them (POST /events, POST /t). */
export const EventProperties = z
  .record(
    z.string().check(z.maxLength(100)),
    Scalar.check(
      z.refine((v) => typeof v !== "string" || v.length <= 2000, "text values are at most 2,000 characters"),
    ),
  )
  .check(z.refine((p) => Object.keys(p).length <= 50, "at most 50 properties"));

const EventInput = z
  .strictObject({
    id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    contactId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    email: z.optional(z.email().check(z.maxLength(320))),
    /** Identify and track in one call: the contact is created when it does not exist yet. */
    contact: z.optional(ContactInput),
    event: EventName,
    at: z.optional(z.iso.datetime({ offset: true })),
    properties: z.optional(EventProperties),
  })
  .check(
    z.refine(
      (e) => e.contactId !== undefined || e.email !== undefined || e.contact !== undefined,
      "give contactId, email or contact",
    ),
    z.refine(
      (e) => !e.contact || e.contactId === undefined || e.contactId === e.contact.id,
      "contactId and contact.id differ",
    ),
    z.refine(
      (e) => !/^(email|task)\./.test(e.event) || e.event === "email.reply" || e.event === "email.unsubscribe",
      "email.* and task.* events are recorded by Handoff itself (email.reply and email.unsubscribe excepted)",
    ),
  );
type EventInput = z.infer<typeof EventInput>;

const Body = z.union([
  EventInput,
  z.strictObject({ events: z.array(EventInput).check(z.minLength(1), z.maxLength(100)) }),
]);

/** Future timestamps beyond this are refused: a clock gone wrong must not schedule the past. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** POST /events: custom events from the product or website, one or a batch of up to 100. */
export async function postEvents(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const parsed = parseBody(request, Body, MAX_BODY_BYTES);
  if ("response" in parsed) return parsed.response;
  const items: EventInput[] = "events" in parsed.value ? parsed.value.events : [parsed.value];
  const now = deps.engine.clock.now();
  const results: EventResult[] = [];
  for (const item of items) results.push(await ingestOne(deps, item, now));
  const accepted = results.some((r) => r.status === "stored" || r.status === "duplicate");
  return json(accepted || items.length > 1 ? 202 : results[0]?.status === "unknown-contact" ? 404 : 422, {
    results,
  });
}

interface EventResult {
  event: string;
  status: "stored" | "duplicate" | "rejected" | "unknown-contact";
  id?: string;
  reason?: string;
  stage?: string;
}

/** Why an event cannot be taken as it is, before anything is read or written. */
function refusal(deps: HttpDeps, item: EventInput, now: Date): string | undefined {
  if (item.at && Date.parse(item.at) > now.getTime() + MAX_CLOCK_SKEW_MS) return "`at` is in the future";
  if (item.contact?.owner && !ownerOf(deps.engine, item.contact.owner))
    return `owner '${item.contact.owner}' is not in settings`;
  if (item.contact?.stage && !deps.engine.catalog.scoring.stages.includes(item.contact.stage))
    return `stage '${item.contact.stage}' is not in scoring.json`;
  return undefined;
}

async function ingestOne(deps: HttpDeps, item: EventInput, now: Date): Promise<EventResult> {
  const reason = refusal(deps, item, now);
  if (reason) return { event: item.event, status: "rejected", reason };
  const contact = item.contact
    ? await upsertContact(deps.engine, item.contact)
    : item.contactId
      ? await deps.engine.store.getContact(item.contactId)
      : await deps.engine.store.findContactByEmail(item.email!);
  if (!contact)
    return {
      event: item.event,
      status: "unknown-contact",
      reason: "no contact with that id or email: enroll it first",
    };
  let at = item.at ? new Date(item.at).toISOString() : now.toISOString();
  if (item.event === "email.unsubscribe") {
    // A CRM's opt-out: the same withdrawal as the unsubscribe link's, once (source `api`).
    const outcome = await withdraw(deps.engine, { contactId: contact.id, source: "api", at });
    const status = outcome === "unsubscribed" ? "stored" : "duplicate";
    return { event: item.event, id: `unsubscribe:${contact.id}`, status };
  }
  const id = `api:${
    item.id ??
    createHash("sha256")
      .update(JSON.stringify([contact.id, item.event, at, item.properties ?? {}]))
      .digest("hex")
      .slice(0, 32)
  }`;
  // A caller's id is one event per contact whatever its time: the first claim fixes the time, so
  // a repeat lands on the stored event (a duplicate) and a retry after a crash stores it there.
  if (item.id !== undefined) at = (await deps.engine.store.claimEventId(contact.id, id, at)).at;
  const outcome = await ingestEvent(deps.engine, {
    id,
    contactId: contact.id,
    name: item.event,
    at,
    properties: item.properties ?? {},
  });
  return {
    event: item.event,
    id,
    status: outcome.duplicate ? "duplicate" : "stored",
    ...(outcome.stage ? { stage: outcome.stage } : {}),
  };
}
