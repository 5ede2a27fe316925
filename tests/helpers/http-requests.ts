import fc from "fast-check";
import type { HttpRequest } from "../../src/adapters/http/types";
import { MAX_BODY_BYTES, MAX_ENROLL_BYTES } from "../../src/adapters/http/types";
import { API_KEY, type FuzzWorld, signatureFor } from "./fuzz-world";
import { type Json, mutated } from "./json-mutation";

/** fast-check arbitraries of HTTP requests aimed at the routes of a fuzz world, valid or broken. */

const methods = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH") },
  fc.constantFrom("get", "post", "", "TRACE", "CONNECT"),
  fc.string({ maxLength: 10 }),
);

/** Tokens with one character changed, cut short or extended, and junk in token shape. */
const tamperedToken = (tokens: string[]) =>
  fc.oneof(
    fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(..."AZaz09-_.~")).map(([i, at, c]) => {
      const token = tokens[i % tokens.length]!;
      const p = at % token.length;
      return token.slice(0, p) + (token[p] === c ? "B" : c) + token.slice(p + 1);
    }),
    fc.tuple(fc.nat(), fc.nat()).map(([i, at]) => {
      const token = tokens[i % tokens.length]!;
      return token.slice(0, 10 + (at % (token.length - 10)));
    }),
    fc
      .tuple(fc.nat(), fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/))
      .map(([i, s]) => tokens[i % tokens.length]! + s),
    fc.stringMatching(/^[A-Za-z0-9._~-]{10,80}$/),
  );

/** Real bodies of every route, to send as they are and broken in one place. */
const EVENTS: Json[] = [
  { id: "fz-evt", contactId: "fz-ana", event: "page.view", properties: { path: "/pricing" } },
  { email: "raj.fuzz@example.com", event: "meeting.booked" },
  { contact: { id: "fz-new", email: "new.fuzz@example.com", firstName: "Noor" }, event: "trial.started" },
  { events: [{ contactId: "fz-ana", event: "page.view", at: "2026-03-04T10:00:00Z" }] },
];
const ENROLL: Json[] = [
  {
    workflow: "trial-nurture",
    contact: { id: "fz-enr", email: "enr.fuzz@example.com", timezone: "Europe/Berlin" },
  },
  { workflow: "long-term-nurture", contacts: [{ id: "fz-b1", email: "b1.fuzz@example.com", stage: "lead" }] },
];
const TASK: Json[] = [{ by: "rep-raj" }, {}];
const REDRIVE: Json[] = [
  { contactId: "fz-ana", enrollmentId: "trial-nurture.1" },
  { failed: true },
  { failed: true, workflow: "trial-nurture" },
];

/** Bodies past each route's limit, built once. */
export const HUGE = [
  JSON.stringify({ contactId: "fz-ana", event: "page.view", properties: { x: "a".repeat(MAX_BODY_BYTES) } }),
  JSON.stringify({
    workflow: "trial-nurture",
    contacts: [{ id: "x", email: "x@example.com", title: "b".repeat(MAX_ENROLL_BYTES) }],
  }),
  `List-Unsubscribe=One-Click&pad=${"c".repeat(5000)}`,
];

const jsonBodies = (docs: Json[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...docs).map((v) => JSON.stringify(v)) },
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(...docs)
        .chain((v) => mutated(v, 2))
        .map((v) => JSON.stringify(v)),
    },
  );
/** RFC 7578 bodies (boundary "fz", as the multipart content type below says), whole and broken. */
const multipart = (name: string, value: string) =>
  `--fz\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--fz--\r\n`;
const forms = fc.oneof(
  fc.constantFrom(
    "List-Unsubscribe=One-Click",
    "confirm=yes",
    "confirm=no",
    "List-Unsubscribe=One-Click&confirm=yes",
    "",
    multipart("List-Unsubscribe", "One-Click"),
    multipart("confirm", "no"),
    "--fz\r\nContent-Disposition: form-data\r\n--fz",
  ),
  fc.webQueryParameters(),
  fc.tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })).map(([n, v]) => multipart(n, v)),
);
/** Any body at all: random text, bytes, JSON, another route's body, a huge one. */
const anyBody = fc.oneof(
  jsonBodies([...EVENTS, ...ENROLL, ...TASK, ...REDRIVE]),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("utf8")),
  fc.constantFrom("", "null", "[]", "{", '{"__proto__":{"polluted":1},"event":"a.b","contactId":"fz-ana"}'),
  forms,
  fc.constantFrom(...HUGE),
);

/** A route with mostly its own method and kind of body (so the handlers run), sometimes any. */
const on = (path: fc.Arbitrary<string>, own: string[], body: fc.Arbitrary<string> = anyBody) =>
  fc.record({
    path,
    method: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...own) }, methods),
    body: fc.oneof({ weight: 3, arbitrary: body }, anyBody),
  });

type Auth = "api-key" | "signature" | "none" | "wrong-key" | "empty-key" | "stale" | "other-body" | "garbled";
const auths = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<Auth>("api-key", "signature") },
  fc.constantFrom<Auth>("none", "wrong-key", "empty-key", "stale", "other-body", "garbled"),
);
const contentTypes = fc.oneof(
  { weight: 5, arbitrary: fc.constant("application/json") },
  fc.constantFrom(
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=fz",
    'multipart/form-data; boundary="fz"; charset=utf-8',
    "",
    undefined,
  ),
);
const extraHeaders = fc.dictionary(
  fc.oneof(
    fc.constantFrom("host", "cookie", "x-forwarded-for", "__proto__", "constructor"),
    fc.string({ maxLength: 12 }),
  ),
  fc.string({ maxLength: 40 }),
  { maxKeys: 3 },
);

/** Requests to every route of `world`: methods, paths, tokens, bodies, headers and credentials. */
export function fuzzRequests(world: FuzzWorld): fc.Arbitrary<HttpRequest> {
  const endpoints = fc.oneof(
    { weight: 2, arbitrary: on(fc.constantFrom("/events", "/events/"), ["POST"], jsonBodies(EVENTS)) },
    { weight: 2, arbitrary: on(fc.constantFrom("/enroll", "/enroll//"), ["POST"], jsonBodies(ENROLL)) },
    on(
      fc.oneof(
        fc.nat().map((i) => `/tasks/${i % 2 ? world.taskId : encodeURIComponent(world.taskId)}/complete`),
        fc
          .constantFrom(
            "nope",
            "%ZZ",
            "..%2F..%2Fetc%2Fpasswd",
            "a".repeat(300),
            "__proto__",
            "%00",
            "x y",
            "",
          )
          .map((id) => `/tasks/${id}/complete`),
      ),
      ["POST"],
      fc.oneof(jsonBodies(TASK), fc.constant("")),
    ),
    on(
      fc.oneof(
        fc.nat().map((i) => `/r/${world.clickTokens[i % world.clickTokens.length]}`),
        tamperedToken(world.clickTokens).map((t) => `/r/${t}`),
      ),
      ["GET", "HEAD"],
    ),
    on(
      fc.oneof(
        fc.nat().map((i) => `/u/${world.unsubscribeTokens[i % world.unsubscribeTokens.length]}`),
        tamperedToken(world.unsubscribeTokens).map((t) => `/u/${t}`),
      ),
      ["GET", "POST"],
      forms,
    ),
    on(fc.constantFrom("/enrollments/failed", "/enrollments/failed/"), ["GET"]),
    on(fc.constant("/enrollments/redrive"), ["POST"], jsonBodies(REDRIVE)),
    on(
      fc.oneof(
        fc.constantFrom(
          "/",
          "",
          "/EVENTS",
          "/enrollments",
          "/r/",
          "/u/",
          "/u/short",
          "/tasks/x/complete/extra",
        ),
        fc.webPath(),
        fc.string({ maxLength: 40 }).map((s) => `/${s}`),
      ),
      ["GET", "POST"],
    ),
  );

  function authHeaders(
    auth: Auth,
    request: { method: string; path: string; body: string },
  ): Record<string, string> {
    const { body } = request;
    switch (auth) {
      case "api-key":
        return { "x-api-key": API_KEY };
      case "signature":
        return { "x-handoff-signature": signatureFor(world, request) };
      case "wrong-key":
        return { "x-api-key": `${API_KEY}x` };
      case "empty-key":
        return { "x-api-key": "" };
      case "stale":
        return { "x-handoff-signature": signatureFor(world, request, -301) };
      case "other-body":
        return { "x-handoff-signature": signatureFor(world, { ...request, body: `${body} ` }) };
      case "garbled":
        return { "x-handoff-signature": "t=abc,v1=,v1=zz,=" };
      default:
        return {};
    }
  }

  return fc
    .record({
      endpoint: endpoints,
      query: fc.oneof(
        fc.dictionary(
          fc.string({ maxLength: 8 }),
          fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
          {
            maxKeys: 3,
          },
        ),
        fc.record({
          workflow: fc.constantFrom("trial-nurture", "sdr-follow-up", "nope", "Bad Id", "", "__proto__"),
        }),
      ),
      auth: auths,
      type: contentTypes,
      extra: extraHeaders,
    })
    .map(({ endpoint: { method, path, body }, query, auth, type, extra }) => ({
      method,
      path,
      query,
      body,
      headers: {
        ...extra,
        ...(type === undefined ? {} : { "content-type": type }),
        ...authHeaders(auth, { method, path, body }),
      },
    }));
}
