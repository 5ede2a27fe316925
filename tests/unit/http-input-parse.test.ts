import { describe, expect, it } from "vitest";
import { postEnroll } from "../../src/adapters/http/enroll-routes";
import { postEvents } from "../../src/adapters/http/events";
import { parseApiKeys } from "../../src/adapters/http/keys";
import { postCollect } from "../../src/adapters/http/tracking-routes";
import type { HttpDeps } from "../../src/adapters/http/types";
import { apiRequest } from "../helpers/api-request";

// The API's input schemas are zod/mini, with the English messages set once in
// src/core/language/zod-mini.ts (tests/unit/zod-mini-locale.test.ts checks them in a bundle without
// classic zod). These pin the reasons a caller reads.
// A body that does not fit is answered before anything else is read, so no deps are needed.
const NO_DEPS = {} as HttpDeps;

async function reasonOf(answer: Promise<{ status: number; body: string }>) {
  const { status, body } = await answer;
  return { status, reason: (JSON.parse(body) as { reason: string }).reason };
}

describe("the API's reasons for a body that does not fit, in English", () => {
  it("name the field and say what is wrong in English", async () => {
    const body = JSON.stringify({ email: "not-an-email", event: "trial.started" });
    expect(await reasonOf(postEvents(NO_DEPS, apiRequest("POST", "/events", { body })))).toEqual({
      status: 400,
      reason: "email: Invalid email address",
    });
  });

  it("follow a union into the option the body came closest to", async () => {
    const body = JSON.stringify({ workflow: "welcome", contacts: [{ id: "c-1", email: 7 }] });
    expect(await reasonOf(postEnroll(NO_DEPS, apiRequest("POST", "/enroll", { body })))).toEqual({
      status: 400,
      reason: "contacts.0.email: Invalid input: expected string, received number",
    });
  });

  it("cover the tracking script's calls and the bounds of a batch", async () => {
    const site = { site: "www", visitor: "v".repeat(16) };
    const empty = JSON.stringify({ ...site, calls: [] });
    expect(await reasonOf(postCollect(NO_DEPS, apiRequest("POST", "/t", { body: empty })))).toEqual({
      status: 400,
      reason: "calls: Too small: expected array to have >=1 items",
    });
    const page = JSON.stringify({ ...site, calls: [{ type: "page", id: "call-0001", url: "mailto:x" }] });
    expect(await reasonOf(postCollect(NO_DEPS, apiRequest("POST", "/t", { body: page })))).toEqual({
      status: 400,
      reason: "calls.0.url: Invalid URL",
    });
  });

  it("explain a bad entry of the API keys secret", () => {
    const keys = JSON.stringify([{ name: "crm", key: "crm-key-0123456789abcdef", scope: "ingest", rate: 0 }]);
    expect(() => parseApiKeys(keys)).toThrow(
      "HANDOFF_API_KEYS: 0.rate: Too small: expected number to be >=1",
    );
  });
});
