/**
 * Asana's way in (docs/integrations.md, "Asana"):
 *
 * - `POST /integrations/asana/connect` (admin key): creates the Asana webhook on the project
 *   (TaskTracker.watch) with target `<api>/integrations/asana/webhook?connect=<nonce>`, a fresh
 *   random nonce kept CONNECT_WINDOW_SECONDS. Asana performs its handshake during that call.
 * - `POST /integrations/asana/webhook` (public, Asana's own scheme):
 *   - the handshake (an `X-Hook-Secret` header) is accepted only while a connect waits for it and
 *     only with that connect's nonce (compared in constant time), once: the secret is kept in the
 *     store and echoed back. Any other handshake gets 403 and changes nothing.
 *   - an event delivery must carry `X-Hook-Signature`, the hex HMAC-SHA256 of the body with the
 *     kept secret (compared in constant time): 401 otherwise. Each task it names is read from
 *     Asana and, when completed there, its Handoff task is completed (completeTrackedTask: once).
 *     A failure worth retrying answers 503: Asana delivers the events again.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { completeTrackedTask } from "../../core/engine/tracked-tasks";
import { TrackerRefusedError, TransientError } from "../../core/errors";
import * as z from "../../core/language/zod-mini";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_BODY_BYTES, problem } from "./types";

export const ASANA_WEBHOOK_PATH = "/integrations/asana/webhook";
/** How long a connect waits for Asana's handshake. */
export const CONNECT_WINDOW_SECONDS = 5 * 60;
/** Store values (keepValue): the webhook's secret, and the nonce of a connect awaiting its handshake. */
export const ASANA_SECRET_VALUE = "asana:webhook-secret";
export const ASANA_CONNECT_VALUE = "asana:connect";

const ConnectBody = z.strictObject({
  /** The API's base URL, as Asana reaches it. */
  api: z.url({ protocol: /^https?$/ }),
});

/** Asana's event payload: the part Handoff reads (other fields are allowed and ignored). */
const EventsBody = z.object({
  events: z
    .array(
      z.object({
        action: z.optional(z.string()),
        resource: z.optional(
          z.object({ gid: z.string().check(z.minLength(1), z.maxLength(64)), resource_type: z.string() }),
        ),
      }),
    )
    .check(z.maxLength(1000)),
});

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The hex HMAC-SHA256 of the body with the webhook's secret: Asana's X-Hook-Signature. */
export function asanaSignature(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

const notConfigured = () =>
  problem(404, "not-configured", "Asana is not configured (settings.integrations.asana)");

/** POST /integrations/asana/connect: the webhook on the project, with its handshake. */
export async function postAsanaConnect(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const tracker = deps.engine.taskTracker;
  if (!tracker) return notConfigured();
  const parsed = parseBody(request, ConnectBody, MAX_BODY_BYTES);
  if ("response" in parsed) return parsed.response;
  const nonce = randomBytes(24).toString("hex");
  const expiresAt = new Date(deps.engine.clock.now().getTime() + CONNECT_WINDOW_SECONDS * 1000);
  await deps.engine.store.keepValue(ASANA_CONNECT_VALUE, nonce, { expiresAt });
  const target = `${parsed.value.api.replace(/\/+$/, "")}${ASANA_WEBHOOK_PATH}`;
  try {
    const { watchId } = await tracker.watch(`${target}?connect=${nonce}`);
    return json(201, { webhook: watchId, target });
  } catch (error) {
    if (error instanceof TransientError) return problem(503, "asana-unavailable", error.message);
    if (error instanceof TrackerRefusedError) return problem(502, "asana-refused", error.message);
    throw error;
  }
}

/** POST /integrations/asana/webhook: Asana's handshake, then its signed events. */
export async function postAsanaWebhook(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  if (!deps.engine.taskTracker) return notConfigured();
  const secret = request.headers["x-hook-secret"];
  if (secret !== undefined) return handshake(deps, request, secret);
  const kept = await deps.engine.store.readValue(ASANA_SECRET_VALUE, deps.engine.clock.now());
  const signature = request.headers["x-hook-signature"] ?? "";
  if (!kept || !sameText(signature.toLowerCase(), asanaSignature(kept, request.body)))
    return problem(401, "bad-signature", "X-Hook-Signature is not the HMAC-SHA256 of the body");
  const parsed = parseBody(request, EventsBody, MAX_BODY_BYTES);
  if ("response" in parsed) return parsed.response;
  const gids = new Set(
    parsed.value.events
      .filter((event) => event.resource?.resource_type === "task" && event.action === "changed")
      .map((event) => event.resource!.gid),
  );
  const completed: string[] = [];
  try {
    for (const gid of gids) {
      const outcome = await completeTrackedTask(deps.engine, gid);
      if (outcome.status === "completed") completed.push(gid);
    }
  } catch (error) {
    if (error instanceof TransientError) return problem(503, "asana-unavailable", error.message);
    throw error;
  }
  return json(200, { events: parsed.value.events.length, completed });
}

/** Accepts the handshake a connect awaits (its nonce), once; keeps the secret and echoes it. */
async function handshake(deps: HttpDeps, request: HttpRequest, secret: string): Promise<HttpResponse> {
  const { store, clock } = deps.engine;
  const now = clock.now();
  const expected = await store.readValue(ASANA_CONNECT_VALUE, now);
  const nonce = request.query.connect ?? "";
  if (!expected || !sameText(nonce, expected) || !/^[\x21-\x7e]{1,256}$/.test(secret))
    return problem(403, "unexpected-handshake", "no `handoff asana connect` awaits this handshake");
  await store.keepValue(ASANA_SECRET_VALUE, secret);
  // Consumed: the nonce is kept as already expired.
  await store.keepValue(ASANA_CONNECT_VALUE, expected, { expiresAt: now });
  return { status: 200, headers: { "x-hook-secret": secret, "cache-control": "no-store" }, body: "" };
}
