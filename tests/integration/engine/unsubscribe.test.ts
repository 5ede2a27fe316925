import { beforeAll, describe, expect, it } from "vitest";
import { localAdminKey } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import { replyAddress, replyPayload } from "../../../src/core/engine/links";
import { receiveReply } from "../../../src/core/engine/replies";
import { aroundMethods } from "../../../src/runtime/around-methods";
import { countingStore } from "../../helpers/counting-store";
import { linkRequest, unsubscribeToken } from "../../helpers/email-links";
import { engineForTests, httpOver, type SentWelcome, welcomeSent } from "../../helpers/engine";

// Issue 12, findings 2 and 5: unsubscribing once, by any door (RFC 8058), on dynalite.
const API_KEY = "unsub-api-key-0123456789";
const t = engineForTests();
const http = httpOver(t, { auth: { apiKeys: [localAdminKey(API_KEY)], signingSecrets: [] } });
let counting: ReturnType<typeof countingStore>;
beforeAll(() => {
  t.deps.replyDomain = "reply.acme.example";
  counting = countingStore(t.deps.store);
  t.deps.store = counting.store;
});

/** A contact in trial-nurture whose welcome email went out an hour ago. */
async function emailed(id: string): Promise<SentWelcome> {
  const key = await welcomeSent(t, id);
  t.later(3600);
  return key;
}

/** A POST of `body` (as `contentType`, none when not given) to the unsubscribe link of `key`'s email. */
function post(key: SentWelcome, body: string, contentType?: string): ReturnType<typeof route> {
  const headers = contentType === undefined ? {} : { "content-type": contentType };
  return route(http, { ...linkRequest("POST", `/u/${unsubscribeToken(t, key)}`), headers, body });
}

const ONE_CLICK = "List-Unsubscribe=One-Click";
const FORM = "application/x-www-form-urlencoded";

/** An RFC 7578 multipart/form-data body with the given fields. */
function multipart(fields: Record<string, string>): { body: string; type: string } {
  const boundary = "----handoff-7f3a9c";
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return { body: `${parts.join("")}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

async function unsubscribeEvents(contactId: string) {
  return (await t.deps.store.listEvents(contactId)).filter((e) => e.name === "email.unsubscribe");
}

describe("a repeated unsubscribe changes nothing", () => {
  it("stores one event, writes nothing on a repeat, and keeps the first time and source", async () => {
    const key = await emailed("us-repeat");
    const first = t.clock.now().toISOString();
    expect((await post(key, ONE_CLICK, FORM)).status).toBe(200);
    const before = await t.deps.store.getContact("us-repeat");
    counting.reset();
    for (const [body, type] of [
      [ONE_CLICK, FORM],
      ["confirm=yes", FORM],
      [ONE_CLICK, FORM],
    ] as const) {
      t.later(600);
      expect((await post(key, body, type)).status).toBe(200);
    }
    expect(counting.counts.writes, "a repeated unsubscribe writes nothing").toEqual([]);
    const events = await unsubscribeEvents("us-repeat");
    expect(events.map((e) => [e.at, e.properties.source])).toEqual([[first, "one-click"]]);
    const after = await t.deps.store.getContact("us-repeat");
    expect(after).toEqual(before);
    expect(after?.consent).toEqual({ status: "unsubscribed", at: first, source: "one-click" });
    expect((await t.deps.store.getSuppression("us-repeat@example.com"))?.at).toBe(first);
    expect((await t.deps.store.getEnrollment("us-repeat", key.enrollmentId))?.status).toBe("exited");
  });
});

describe("an unsubscribe cut short", () => {
  it("is finished by the mail client's retry, dated by the first request, wherever the first one died", async () => {
    const crashes: Array<[string, (name: string, args: unknown[]) => boolean]> = [
      [
        "before its event is stored",
        (name, args) => name === "recordEvent" && (args[0] as { name: string }).name === "email.unsubscribe",
      ],
      [
        "before the contact shows it suppressed",
        (name, args) => name === "updateContact" && "suppressed" in (args[1] as object),
      ],
    ];
    for (const [i, [where, dies]] of crashes.entries()) {
      const id = `us-crash-${i}`;
      const key = await emailed(id);
      const first = t.clock.now().toISOString();
      const store = t.deps.store;
      t.deps.store = aroundMethods(store, async (name, args, call) => {
        if (dies(name, args)) throw new Error(`throttled ${where}`);
        return call();
      });
      await expect(post(key, ONE_CLICK, FORM), where).rejects.toThrow(/throttled/);
      t.deps.store = store;
      t.later(60);
      expect((await post(key, ONE_CLICK, FORM)).status, where).toBe(200);
      const events = await unsubscribeEvents(id);
      expect(
        events.map((e) => [e.at, e.properties.source]),
        where,
      ).toEqual([[first, "one-click"]]);
      expect(await t.deps.store.getContact(id), where).toMatchObject({
        consent: { status: "unsubscribed", at: first, source: "one-click" },
        suppressed: "unsubscribed",
      });
      expect((await t.deps.store.getSuppression(`${id}@example.com`))?.at, where).toBe(first);
      expect((await t.deps.store.getEnrollment(id, key.enrollmentId))?.status, where).toBe("exited");
    }
  });
});

describe("RFC 8058 one-click POST", () => {
  it("unsubscribes on a multipart/form-data body with the List-Unsubscribe=One-Click part", async () => {
    const key = await emailed("us-multipart");
    const form = multipart({ "List-Unsubscribe": "One-Click" });
    const response = await post(key, form.body, form.type);
    expect(response.status, response.body).toBe(200);
    expect((await t.deps.store.getContact("us-multipart"))?.consent).toMatchObject({
      status: "unsubscribed",
      source: "one-click",
    });
  });

  it("unsubscribes on an empty body, with or without a content type", async () => {
    for (const [id, type] of [
      ["us-empty-1", undefined],
      ["us-empty-2", FORM],
      ["us-empty-3", "multipart/form-data; boundary=x"],
    ] as const) {
      const key = await emailed(id);
      const response = await post(key, "", type);
      expect(response.status, `${type}: ${response.body}`).toBe(200);
      expect((await t.deps.store.getContact(id))?.consent.source).toBe("one-click");
    }
  });

  it("still refuses, with a reason, a POST that asks for nothing", async () => {
    const key = await emailed("us-nothing");
    const other = multipart({ "List-Unsubscribe": "Later", note: "hi" });
    const cases: Array<[string, string | undefined]> = [
      ["confirm=no", FORM],
      ["note=hello", FORM],
      [other.body, other.type],
      ["--x\r\nnot a form", "multipart/form-data; boundary=x"],
      [ONE_CLICK.replace("One-Click", "one-clicks"), FORM],
    ];
    for (const [body, type] of cases) {
      const response = await post(key, body, type);
      expect(response.status, body).toBe(400);
      expect(response.body).toMatch(/One-Click/);
    }
    expect((await t.deps.store.getContact("us-nothing"))?.consent.status).toBe("subscribed");
  });
});

describe("where an unsubscribe came from", () => {
  it("records the confirmation page's button as `page` on the consent and the event", async () => {
    const key = await emailed("us-page");
    expect((await post(key, "confirm=yes", FORM)).status).toBe(200);
    expect((await t.deps.store.getContact("us-page"))?.consent.source).toBe("page");
    expect((await unsubscribeEvents("us-page")).map((e) => e.properties.source)).toEqual(["page"]);
  });

  it("takes an inbound reply asking to unsubscribe as an unsubscribe (`reply`), not as an email.reply", async () => {
    const key = await emailed("us-reply");
    const address = replyAddress(t.deps, replyPayload(key).payload)!;
    const at = t.later(60);
    const outcome = await receiveReply(t.deps, {
      messageId: "in-us-reply",
      at,
      recipients: [address],
      subject: "RE: Unsubscribe",
      headers: [],
    });
    expect(outcome).toEqual({ status: "unsubscribe", contactId: "us-reply" });
    expect((await t.deps.store.getContact("us-reply"))?.consent).toEqual({
      status: "unsubscribed",
      at,
      source: "reply",
    });
    const names = (await t.deps.store.listEvents("us-reply")).map((e) => e.name);
    expect(names).toEqual(["email.unsubscribe"]);
    expect((await t.deps.store.getSuppression("us-reply@example.com"))?.reason).toBe("unsubscribed");
  });

  it("takes an email.unsubscribe sent to POST /events (a CRM's opt-out) as `api`", async () => {
    await emailed("us-api");
    const response = await route(http, {
      method: "POST",
      path: "/events",
      query: {},
      headers: { "content-type": "application/json", "x-api-key": API_KEY },
      body: JSON.stringify({ contactId: "us-api", event: "email.unsubscribe" }),
    });
    expect(response.status, response.body).toBe(202);
    expect((await t.deps.store.getContact("us-api"))?.consent.source).toBe("api");
    expect((await unsubscribeEvents("us-api")).map((e) => e.properties.source)).toEqual(["api"]);
  });

  it("keeps the first time and source when a later unsubscribe comes from another door", async () => {
    const key = await emailed("us-first");
    const first = t.clock.now().toISOString();
    expect((await post(key, ONE_CLICK, FORM)).status).toBe(200);
    t.later(600);
    await receiveReply(t.deps, {
      messageId: "in-us-first",
      at: t.clock.now().toISOString(),
      recipients: [replyAddress(t.deps, replyPayload(key).payload)!],
      subject: "unsubscribe",
      headers: [],
    });
    t.later(600);
    await route(http, {
      method: "POST",
      path: "/events",
      query: {},
      headers: { "content-type": "application/json", "x-api-key": API_KEY },
      body: JSON.stringify({ contactId: "us-first", event: "email.unsubscribe" }),
    });
    expect((await t.deps.store.getContact("us-first"))?.consent).toEqual({
      status: "unsubscribed",
      at: first,
      source: "one-click",
    });
    const events = await unsubscribeEvents("us-first");
    expect(events.map((e) => [e.at, e.properties.source])).toEqual([[first, "one-click"]]);
  });
});
