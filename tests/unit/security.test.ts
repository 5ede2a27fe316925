import type { SESv2Client } from "@aws-sdk/client-sesv2";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SesMailer, stripLineBreaks, toHeaders } from "../../src/adapters/aws/ses-mailer";
import { signRequest } from "../../src/adapters/http/auth";
import { route } from "../../src/adapters/http/router";
import type { HttpDeps } from "../../src/adapters/http/types";
import { loadWorkspace } from "../../src/compiler/load";
import { compileTemplates } from "../../src/compiler/render-templates";
import type { EngineDeps } from "../../src/core/engine/deps";
import { executionName } from "../../src/core/engine/enroll-contact";
import type { Settings } from "../../src/core/language";
import type { Contact } from "../../src/core/model";
import type { OutboundEmail } from "../../src/core/ports";
import { createRenderer } from "../../src/core/render";
import { REPO } from "../helpers/workspace";

// Security properties, fuzzed with a fixed seed and bounded runs.
const SEED = Number(process.env.FUZZ_SEED ?? 20260310);

/** Text with what an attacker would put in a form field: markup, quotes, line breaks, controls. */
const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc
    .tuple(
      fc.string({ maxLength: 10 }),
      fc.constantFrom("\r\n", "\n", "\r", "\u2028", "\u0085", "\u0000", "\t"),
    )
    .map(([s, br]) => `${s}${br}Bcc: victim@example.com${br}${s}`),
  fc.string({ maxLength: 10 }).map((s) => `<x-evil onload="alert('${s}')">&amp;${s}</x-evil>`),
);

const workspace = loadWorkspace({ cwd: REPO });
const shippedTemplates = await compileTemplates(workspace.templates);

describe("merge fields in rendered emails", () => {
  const settings = workspace.settings[0]!.value as Settings;
  const renderer = createRenderer({ templates: shippedTemplates, settings });
  const contact = (fields: Partial<Contact>): Contact => ({
    id: "c-1",
    email: "dana@example.com",
    attributes: {},
    stage: "lead",
    consent: { status: "subscribed", at: "2026-01-01T00:00:00Z", source: "form" },
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...fields,
  });

  it("are HTML-escaped in the HTML part, and the subject has no line break or control character", async () => {
    let escapedSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...workspace.templates.keys()),
        hostile,
        hostile,
        hostile,
        async (templateId, firstName, company, title) => {
          const email = await renderer.render({
            templateId,
            subject: "Hi {{ contact.firstName }} at {{ contact.company }}",
            preheader: "For {{ contact.title }}",
            contact: contact({ firstName, company, title }),
            owner: settings.owners[0]!,
            workflow: { id: "trial-nurture", name: "Trial nurture" },
            unsubscribeUrl: "https://go.acme.example/u/token",
            trackLink: (_url, tag) => `https://go.acme.example/r/${tag}`,
          });
          expect(email.html).not.toMatch(/<x-evil/i);
          expect(email.html).not.toMatch(/onload="alert/i);
          if (/&lt;x-evil/i.test(email.html)) escapedSeen++;
          // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach a header
          expect(email.subject).not.toMatch(/[\r\n\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
    expect(escapedSeen).toBeGreaterThan(0);
  });

  it("lose line breaks and control characters in one-line strings (senders, task titles)", () => {
    fc.assert(
      fc.property(hostile, hostile, (firstName, company) => {
        const line = renderer.renderLine("{{ contact.firstName }} <{{ contact.company }}@example.com>", {
          contact: contact({ firstName, company }),
          workflow: { id: "w", name: "W" },
        });
        // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach a header
        expect(line).not.toMatch(/[\r\n\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("headers sent to SES", () => {
  const mailer = new SesMailer({
    client: {} as SESv2Client,
    configurationSet: "handoff",
    feedbackAddress: "fb@example.com",
  });
  const email: fc.Arbitrary<OutboundEmail> = fc.record({
    from: hostile,
    to: hostile,
    replyTo: hostile,
    subject: hostile,
    html: fc.string(),
    text: fc.string(),
    headers: fc.dictionary(hostile, hostile, { maxKeys: 4 }),
    tags: fc.dictionary(hostile, hostile, { maxKeys: 3 }),
  });

  it("carry no CR or LF in any address, subject, header name or header value", () => {
    fc.assert(
      fc.property(email, (e) => {
        const input = mailer.buildInput(e);
        const simple = input.Content!.Simple!;
        const values = [
          input.FromEmailAddress,
          ...(input.Destination?.ToAddresses ?? []),
          ...(input.ReplyToAddresses ?? []),
          simple.Subject?.Data,
          ...(simple.Headers ?? []).flatMap((h) => [h.Name, h.Value]),
          ...(input.EmailTags ?? []).flatMap((t) => [t.Name, t.Value]),
        ];
        for (const value of values) expect(value ?? "").not.toMatch(/[\r\n]/);
        for (const header of simple.Headers ?? []) expect(header.Name).toMatch(/^[\x21-\x39\x3b-\x7e]+$/);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("strip CR/LF from arbitrary header values (toHeaders, stripLineBreaks)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (name, value) => {
        expect(stripLineBreaks(value)).not.toMatch(/[\r\n]/);
        for (const h of toHeaders({ [name]: value, "List-Unsubscribe": `<${value}>` }))
          expect(`${h.Name}: ${h.Value}`).not.toMatch(/[\r\n]/);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("API authentication", () => {
  const KEY = "unit-api-key-0123456789";
  const SECRET = "unit-signing-secret-0123456789";
  const now = new Date("2026-03-02T15:00:00Z");
  // No store, no mailer: a request that got past authentication would throw here.
  const deps: HttpDeps = {
    engine: { clock: { now: () => now } } as unknown as EngineDeps,
    auth: { apiKeys: [{ name: "unit", key: KEY, scope: "admin" }], signingSecrets: [SECRET] },
  };
  const unix = Math.floor(now.getTime() / 1000);
  const noAuth = fc.oneof(
    fc.constant({}),
    fc
      .string({ maxLength: 40 })
      .filter((k) => k !== KEY)
      .map((k) => ({ "x-api-key": k })),
    fc.constantFrom(`${KEY} `, KEY.toUpperCase(), KEY.slice(1)).map((k) => ({ "x-api-key": k })),
    fc.string({ maxLength: 80 }).map((s) => ({ "x-handoff-signature": s })),
    fc.stringMatching(/^[0-9a-f]{64}$/).map((mac) => ({ "x-handoff-signature": `t=${unix},v2=${mac}` })),
    fc.constantFrom(-301, 301, 100_000).map((skew) => ({
      "x-handoff-signature": signRequest(
        SECRET,
        { method: "POST", path: "/events", body: "{}" },
        unix + skew,
      ),
    })),
    fc.constant({
      "x-handoff-signature": signRequest(
        "another-secret-0123456789",
        { method: "POST", path: "/events", body: "{}" },
        unix,
      ),
    }),
  );

  it("answers 401 with a reason to every API request without valid credentials, whatever the body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/events", "/enroll", "/tasks/t-1/complete", "/events/"),
        noAuth,
        fc.oneof(fc.constant("{}"), fc.json(), fc.string()),
        async (path, auth, body) => {
          const headers = { "content-type": "application/json", ...auth } as Record<string, string>;
          // A signature over "{}" must not authenticate another body.
          const response = await route(deps, {
            method: "POST",
            path,
            query: {},
            headers,
            body: body === "{}" ? "{} " : body,
          });
          expect(response.status).toBe(401);
          expect(JSON.parse(response.body)).toMatchObject({
            error: "unauthenticated",
            reason: expect.any(String),
          });
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("Step Functions execution names", () => {
  const workflowId = fc.stringMatching(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).filter((id) => id.length <= 64);
  /** Contact ids as callers really choose them: emails, names, CRM ids. */
  const contactId = fc.oneof(
    fc.emailAddress().filter((e) => /^[A-Za-z0-9._:@-]{1,128}$/.test(e)),
    fc.stringMatching(/^[A-Z][a-z]{2,10}\.[A-Z][a-z]{2,10}$/),
    fc.stringMatching(/^[A-Za-z0-9._:@-]{1,128}$/),
  );

  it("hold no contact id (a hash of it instead), and fit Step Functions' 80 characters", () => {
    fc.assert(
      fc.property(workflowId, contactId, fc.integer({ min: 1, max: 1_000_000 }), (workflow, contact, seq) => {
        const name = executionName(workflow, contact, seq);
        expect(name.length).toBeLessThanOrEqual(80);
        expect(name).toMatch(/^[a-z0-9-]+-[0-9a-f]{20}-\d+$/);
        // No '@', '.', uppercase: no email address or name can be in it.
        if (/[^a-z0-9-]/.test(contact)) expect(name).not.toContain(contact);
        expect(executionName(workflow, contact, seq)).toBe(name);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
