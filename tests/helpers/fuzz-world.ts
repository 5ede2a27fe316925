import { signRequest } from "../../src/adapters/http/auth";
import { localAdminKey } from "../../src/adapters/http/keys";
import { route } from "../../src/adapters/http/router";
import type { HttpDeps, HttpRequest, HttpResponse } from "../../src/adapters/http/types";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { REPO } from "./workspace";

/** A local runtime on the in-memory backend with real emails, links and a rep task to aim at. */

export const API_KEY = "fuzz-api-key-0123456789";
export const SIGNING_SECRET = "fuzz-signing-secret-0123456789";
/** A Monday afternoon in New York: inside the sample workflows' send windows. */
export const START = "2026-03-02T15:00:00Z";

export interface FuzzWorld {
  rt: LocalRuntime;
  http: HttpDeps;
  /** Tokens of the /r/ and /u/ links in the emails sent so far. */
  clickTokens: string[];
  unsubscribeTokens: string[];
  /** An open rep task (the sdr-follow-up call). */
  taskId: string;
  call(request: HttpRequest): Promise<HttpResponse>;
}

/** The tokens of a kind of link ("r" click, "u" unsubscribe) in an email's HTML. */
export function linkTokens(html: string, kind: "r" | "u"): string[] {
  return [...html.matchAll(new RegExp(`https?://[^"'\\s<>]+/${kind}/([A-Za-z0-9._~-]+)`, "g"))].map(
    (m) => m[1]!,
  );
}

/** A request with the API key and a JSON content type (headers given win). */
export function apiRequest(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string | undefined> = {},
): HttpRequest {
  return {
    method,
    path,
    query: {},
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", "x-api-key": API_KEY, ...headers },
  };
}

/** x-handoff-signature (v2) for a request at the runtime's current (virtual) time. */
export function signatureFor(
  world: FuzzWorld,
  request: { method: string; path: string; body: string },
  offsetSeconds = 0,
): string {
  const now = Math.floor(world.rt.clock.now().getTime() / 1000) + offsetSeconds;
  return signRequest(SIGNING_SECRET, request, now);
}

/** Ana (trial-nurture) and Raj (sdr-follow-up, owner rep-raj), run until Raj's call task is open. */
export async function startWorld(): Promise<FuzzWorld> {
  const rt = await LocalRuntime.start({ cwd: REPO, start: START, backend: "memory" });
  const http = rt.http({ apiKeys: [localAdminKey(API_KEY)], signingSecrets: [SIGNING_SECRET] });
  const call = (request: HttpRequest) => route(http, request);
  const enrolled = await Promise.all([
    call(
      apiRequest("POST", "/enroll", {
        workflow: "trial-nurture",
        contact: { id: "fz-ana", email: "ana.fuzz@example.com", firstName: "Ana", company: "Globex" },
      }),
    ),
    call(
      apiRequest("POST", "/enroll", {
        workflow: "sdr-follow-up",
        contact: { id: "fz-raj", email: "raj.fuzz@example.com", owner: "rep-raj", company: "Initech" },
      }),
    ),
  ]);
  if (enrolled.some((r) => r.status !== 201)) throw new Error(`setup: ${enrolled.map((r) => r.body)}`);
  await rt.runUntil(Date.parse("2026-03-04T16:00:00Z"));
  const task = (await rt.deps.store.listTasks("rep-raj", "open"))[0];
  const sent = rt.mailbox!.sent;
  const world: FuzzWorld = {
    rt,
    http,
    call,
    taskId: task?.id ?? "",
    clickTokens: sent.flatMap((m) => linkTokens(m.html, "r")),
    unsubscribeTokens: sent.flatMap((m) => linkTokens(m.html, "u")),
  };
  if (!world.taskId || world.clickTokens.length === 0 || world.unsubscribeTokens.length === 0)
    throw new Error("setup: expected an open task, click links and unsubscribe links");
  return world;
}
