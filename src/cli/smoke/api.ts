/**
 * The calls a smoke run makes to the API, each with the admin key: enroll, read a contact and its
 * smoke links, post an event, erase. An answer's status is returned, not thrown, where a check reads
 * it (a refused enrollment, a contact not there yet); a 429 is waited out and asked again.
 */
import type { SmokeLinks } from "../../core/engine/smoke-links";
import type { ContactDetail } from "../../core/reports/report-types";

export type { SmokeLinks };

import { ApiAnswerError, type ApiTarget, ApiUnreachableError } from "../api-target";

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Tries of a request the API throttled (429), each after its Retry-After (1 s when it names none). */
const THROTTLED_TRIES = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SmokeApi {
  constructor(readonly target: ApiTarget) {}

  /** One call; ApiUnreachableError when nothing answers. */
  async request(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.target.url}${path}`, {
        method,
        headers: {
          "x-api-key": this.target.key,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).catch((error: unknown) => {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        throw new ApiUnreachableError(`cannot reach ${this.target.url}${cause ? ` (${cause})` : ""}`);
      });
      const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.status !== 429 || attempt === THROTTLED_TRIES)
        return { status: response.status, body: parsed };
      await sleep(1000 * (Number(response.headers.get("retry-after")) || 1));
    }
  }

  /** POST /enroll of one contact: 201 enrolled, 409 refused (the reason says why), else an error. */
  enroll(workflow: string, contact: { id: string; email: string }): Promise<Answer> {
    return this.request("POST", "/enroll", { workflow, contact: { ...contact, firstName: "Smoke" } });
  }

  /** GET /contacts/{id}; undefined while there is no such contact. */
  async contact(id: string): Promise<ContactDetail | undefined> {
    const answer = await this.request("GET", `/contacts/${encodeURIComponent(id)}`);
    if (answer.status === 404) return undefined;
    return expectOk(answer, `GET /contacts/${id}`) as unknown as ContactDetail;
  }

  /** GET /smoke/contacts/{id}: the answer as it is (404 `no-email-yet` until an email went). */
  smokeLinks(id: string): Promise<Answer> {
    return this.request("GET", `/smoke/contacts/${encodeURIComponent(id)}`);
  }

  /** POST /events of one event of the contact; an error unless the API took it (202). */
  async event(contactId: string, event: string): Promise<void> {
    expectOk(await this.request("POST", "/events", { contactId, event }), `POST /events ${event}`);
  }

  /** DELETE /contacts/{id}: 200 erased, 404 not there (never enrolled, or erased already). */
  erase(id: string): Promise<Answer> {
    return this.request("DELETE", `/contacts/${encodeURIComponent(id)}`);
  }
}

/** The body of a 2xx answer; ApiAnswerError with the API's reason otherwise. */
export function expectOk(answer: Answer, what: string): Record<string, unknown> {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const reason = String(answer.body.reason ?? answer.body.error ?? answer.body.message ?? "");
  throw new ApiAnswerError(
    `${what} answered ${answer.status}${reason ? `: ${reason}` : ""}`,
    answer.status,
    reason,
  );
}
