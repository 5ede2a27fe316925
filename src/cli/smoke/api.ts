/**
 * The calls a smoke run makes to the API, each with the admin key: enroll, read a contact and its
 * smoke links, post an event, erase. An answer's status is returned, not thrown, where a check reads
 * it (a refused enrollment, a contact not there yet); a 429 is waited out and asked again.
 */
import type { SmokeLinks } from "../../core/engine/smoke-links";
import type { ContactDetail } from "../../core/reports/report-types";

export type { SmokeLinks };

import { type ApiAnswer, type ApiTarget, expectOk, requestApi } from "../api-target";

export { expectOk };

export type Answer = Pick<ApiAnswer, "status" | "body">;

/**
 * Tries of a request the API throttled (429), each after its Retry-After (1 s when it names none),
 * and of a read that failed on the stage's side (5xx: a throttled or cold function behind API
 * Gateway while the checks poll at once), 1 s apart.
 */
const TRIES = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const askAgain = (method: string, status: number) => status === 429 || (method === "GET" && status >= 500);

export class SmokeApi {
  constructor(readonly target: ApiTarget) {}

  /** One call, asked again while throttled (any method) or failing on the stage's side (GET). */
  async request(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const answer = await requestApi(this.target, method, path, body);
      if (!askAgain(method, answer.status) || attempt === TRIES)
        return { status: answer.status, body: answer.body };
      await sleep(1000 * (Number(answer.headers.get("retry-after")) || 1));
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
