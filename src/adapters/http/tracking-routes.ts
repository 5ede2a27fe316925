/**
 * The website tracking script's collect endpoint (docs/website-tracking.md): POST /t takes a
 * batch of the script's calls for one site key and visitor; OPTIONS /t answers the preflight of a
 * listed origin. Public routes: the site key in the body is no secret, so what guards them is the
 * key's origins (the browser's `Origin`; any other gets 403 and no CORS header), its rate, and
 * what a site key may send (no reserved events, identify limited to who the visitor is).
 */

import { pageTouch } from "../../core/engine/page-touch";
import {
  identifyVisitor,
  recordVisitorEvent,
  VISITOR_PROFILE_FIELDS,
  type VisitorEvent,
  type VisitorProfile,
} from "../../core/engine/visitors";
import type { TrackingSite } from "../../core/language";
import { ContactInput, EventName } from "../../core/language/input-schemas";
import { conversionEventsOf } from "../../core/language/vocabulary";
import * as z from "../../core/language/zod-mini";
import { parseBody } from "./body";
import { CORS_MAX_AGE_SECONDS, withCors } from "./cors";
import { EventProperties } from "./events";
import { overRate } from "./guard";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, problem } from "./types";

/** Requests per second a site key may make when settings.tracking.sites[].rate names none. */
export const DEFAULT_SITE_RATE = 20;
const MAX_COLLECT_BYTES = 64 * 1024;
/** The longest URL, referrer and title kept on a page view (longer ones are cut, not refused). */
const MAX_TEXT = 2000;

const CallId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,40}$/, "a call id is 8-40 letters, digits, - or _"));
const Text = z.pipe(
  z.string().check(z.maxLength(16_000)),
  z.transform((text: string) => text.slice(0, MAX_TEXT)),
);
const Traits = z.pick(
  ContactInput,
  Object.fromEntries(VISITOR_PROFILE_FIELDS.map((field) => [field, true])) as Record<
    keyof VisitorProfile,
    true
  >,
);

const Call = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("page"),
    id: CallId,
    url: z.pipe(Text, z.url({ protocol: /^https?$/ })),
    title: z.optional(Text),
    referrer: z.optional(Text),
    landing: z.optional(z.boolean()),
  }),
  z.strictObject({ type: z.literal("identify"), id: CallId, traits: Traits }),
  z.strictObject({
    type: z.literal("track"),
    id: CallId,
    event: EventName,
    properties: z.optional(EventProperties),
  }),
]);
type Call = z.infer<typeof Call>;

const Collect = z.strictObject({
  site: z.string().check(z.minLength(1), z.maxLength(64)),
  visitor: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, "a visitor id is 16-64 letters, digits, - or _")),
  consent: z.optional(z.boolean()),
  calls: z.array(Call).check(z.minLength(1), z.maxLength(20)),
});

interface CallResult {
  type: Call["type"];
  status: "stored" | "duplicate" | "identified" | "rejected";
  reason?: string;
}

/** The site of a key; undefined for a key settings.tracking.sites does not list. */
function siteOf(deps: HttpDeps, key: string): TrackingSite | undefined {
  return deps.engine.catalog.settings.tracking?.sites.find((site) => site.key === key);
}

/** Why a site key may not send the event: the events Handoff records itself, and the conversions. */
export function reservedForSites(deps: HttpDeps, event: string): string | undefined {
  if (/^(email|task|lead|stage|visitor)\./.test(event))
    return `${event.split(".")[0]}.* events are recorded by Handoff itself`;
  if (conversionEventsOf(deps.engine.catalog.settings).includes(event))
    return `${event} is a conversion: send it with an API key (POST /events)`;
  return undefined;
}

/** The page view of a page call: path, url and title, and the touch it carries (src/core/engine/page-touch.ts). */
function pageView(call: Extract<Call, { type: "page" }>): VisitorEvent["properties"] {
  const { pathname } = new URL(call.url);
  return {
    path: pathname,
    url: call.url,
    ...(call.title ? { title: call.title } : {}),
    ...pageTouch({ url: call.url, referrer: call.referrer, landing: call.landing }),
  };
}

async function answerCall(deps: HttpDeps, visitor: string, call: Call): Promise<CallResult> {
  if (call.type === "identify") {
    await identifyVisitor(deps.engine, visitor, call.traits);
    return { type: call.type, status: "identified" };
  }
  const name = call.type === "page" ? "page.view" : call.event;
  const reason = call.type === "track" ? reservedForSites(deps, name) : undefined;
  if (reason) return { type: call.type, status: "rejected", reason };
  const properties = call.type === "page" ? pageView(call) : (call.properties ?? {});
  const at = deps.engine.clock.now().toISOString();
  const event = { id: `web:${visitor}:${call.id}`, name, at, properties };
  const outcome = await recordVisitorEvent(deps.engine, visitor, event);
  return { type: call.type, status: outcome.duplicate ? "duplicate" : "stored" };
}

/** The calls of a listed origin: within the key's rate, with consent when the deployment requires it. */
async function collect(deps: HttpDeps, site: TrackingSite, body: z.infer<typeof Collect>) {
  const limited = await overRate(deps, {
    id: `site:${site.key}`,
    label: `site key '${site.key}'`,
    rate: site.rate ?? DEFAULT_SITE_RATE,
  });
  if (limited) return limited;
  if (deps.engine.catalog.settings.tracking?.requireConsent && body.consent !== true)
    return problem(
      403,
      "consent-required",
      "settings.tracking.requireConsent: send after handoff('consent', true)",
    );
  const results: CallResult[] = [];
  for (const call of body.calls) results.push(await answerCall(deps, body.visitor, call));
  return json(202, { results });
}

/**
 * POST /t. The script sends its body as text/plain (a simple request: no preflight, and it may
 * outlive the page), so text/plain is read as JSON too.
 */
export async function postCollect(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const type = request.headers["content-type"] ?? "";
  const asJson = /^text\/plain\b/i.test(type)
    ? { ...request, headers: { ...request.headers, "content-type": "application/json" } }
    : request;
  const parsed = parseBody(asJson, Collect, MAX_COLLECT_BYTES);
  if ("response" in parsed) return parsed.response;
  const site = siteOf(deps, parsed.value.site);
  if (!site) return problem(403, "forbidden", "unknown site key: list it in settings.tracking.sites");
  const origin = request.headers.origin;
  if (origin === undefined || !site.origins.includes(origin))
    return problem(403, "forbidden", "this page's origin is not one of the site key's origins");
  return withCors(await collect(deps, site, parsed.value), origin);
}

/** OPTIONS /t: the preflight of an origin some site key lists (a caller sending application/json). */
export function optionsCollect(deps: HttpDeps, request: HttpRequest): HttpResponse {
  const origin = request.headers.origin;
  const sites = deps.engine.catalog.settings.tracking?.sites ?? [];
  if (origin === undefined || !sites.some((site) => site.origins.includes(origin)))
    return problem(403, "forbidden", "this origin is not one of any site key's origins");
  const headers = {
    "access-control-allow-methods": "POST",
    "access-control-allow-headers": "content-type",
    "access-control-max-age": String(CORS_MAX_AGE_SECONDS),
  };
  return withCors({ status: 204, headers, body: "" }, origin);
}
