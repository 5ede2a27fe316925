import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localAdminKey } from "../../src/adapters/http/keys";
import { route } from "../../src/adapters/http/router";
import type { HttpDeps } from "../../src/adapters/http/types";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { apiRequest, START } from "../helpers/fuzz-world";
import { REPO } from "../helpers/workspace";

// What Step Functions keeps and erasure cannot reach: the execution history (input, every state's
// input and output, errors and causes). The compiled machines run in the local runtime, whose event
// log is that history; it must name contacts by opaque id only.

const KEY = "fuzz-api-key-0123456789";
const history: Array<{ execution: string; event: { type: string; state?: { name: string } } }> = [];
let rt: LocalRuntime;
let http: HttpDeps;
const call = (method: string, path: string, body: unknown = "") =>
  route(http, {
    ...apiRequest(method, path, body),
    headers: { "content-type": "application/json", "x-api-key": KEY },
  });

const people = [
  {
    id: "h-0a1",
    workflow: "trial-nurture",
    email: "anastasia.pii@pii-example.com",
    firstName: "Anastasia",
    lastName: "Vorhees",
    company: "Quibblecorp",
    title: "Chiefofwidgets",
  },
  {
    id: "h-0b2",
    workflow: "sdr-follow-up",
    email: "rajendra.pii@pii-example.com",
    firstName: "Rajendra",
    lastName: "Okonkwo",
    company: "Zanzibarware",
    title: "Headofgizmos",
    owner: "rep-raj",
  },
  {
    id: "h-0c3",
    workflow: "long-term-nurture",
    email: "evangeline.pii@pii-example.com",
    firstName: "Evangeline",
    lastName: "Marchetti",
    company: "Plinthworks",
    title: "Leadtinkerer",
  },
];

beforeAll(async () => {
  rt = await LocalRuntime.start({
    cwd: REPO,
    start: START,
    backend: "memory",
    onExecutionEvent: (execution, event) => history.push({ execution, event: event as never }),
  });
  http = rt.http({ apiKeys: [localAdminKey(KEY)], signingSecrets: [] });
  for (const { workflow, ...contact } of people) {
    const response = await call("POST", "/enroll", { workflow, contact });
    expect(response.status, response.body).toBe(201);
  }
  await rt.runUntil(Date.parse(START) + 2 * 86_400_000);
  // A reply hands Anastasia to sales (a second execution); Evangeline is erased mid-campaign.
  await call("POST", "/events", { id: "reply-h-0a1", contactId: "h-0a1", event: "email.reply" });
  expect((await call("DELETE", "/contacts/h-0c3")).status).toBe(200);
  await rt.runUntil(Date.parse(START) + 12 * 86_400_000);
}, 120_000);
afterAll(async () => rt?.close());

describe("execution history (compiled ASL in the local runtime)", () => {
  it("holds no address, name, company or title in any execution's input, state data, error or cause", () => {
    expect(history.length).toBeGreaterThan(50);
    const text = JSON.stringify(history).toLowerCase();
    for (const p of people)
      for (const secret of [p.email, p.email.split("@")[0]!, p.firstName, p.lastName, p.company, p.title])
        expect(text, secret).not.toContain(secret.toLowerCase());
    expect(text).toContain("h-0a1");
  });

  it("ends an erased contact's running execution at once, in its Exited state", () => {
    const erased = [...rt.executions.values()].filter((e) => e.contactId === "h-0c3");
    expect(erased.map((e) => e.status)).toEqual(["succeeded"]);
    const entered = history
      .filter((h) => h.execution === erased[0]!.name && h.event.type === "StateEntered")
      .map((h) => h.event.state!.name);
    expect(entered.at(-1)).toBe("Exited");
  });
});
