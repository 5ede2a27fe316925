// The unsubscribe link and postal address of every rendered email (campaign language, "settings"):
// whatever branch a template takes for a contact, the HTML and the text part must carry both, the
// renderer appending its footer when the rendered email lacks one of them.
import { describe, expect, it } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import { compileTemplates } from "../../src/compiler/render-templates";
import type { Settings } from "../../src/core/language";
import type { Contact } from "../../src/core/model";
import { createRenderer, type RenderInput, type RenderTemplate } from "../../src/core/render";
import { REPO } from "../helpers/workspace";

const workspace = loadWorkspace({ cwd: REPO });
const settings = workspace.settings[0]!.value as Settings;

/** A contact without a firstName: `{% if contact.firstName %}` is false for them. */
const bare = { id: "c-2", email: "x@initech.example" } as Contact;
const named = { ...bare, firstName: "Dana" } as Contact;

/** As src/core/engine/links.ts makes them (base URL, /u/, a signed base64url token)… */
const SIGNED_URL = "https://go.acme.example/u/k1.eyJjIjoiYy0yIiwiZSI6ImUtMSJ9.mAc-_0x";
/** …and one whose HTML form differs from the value: `&` is written `&amp;` in the HTML part. */
const AMP_URL = "https://go.acme.example/u/tok?a=1&b=2";

function input(templateId: string, overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    templateId,
    subject: "Hi",
    contact: bare,
    workflow: { id: "trial-nurture", name: "Trial nurture" },
    unsubscribeUrl: AMP_URL,
    trackLink: (_url, tag) => `https://go.acme.example/r/${tag}`,
    ...overrides,
  };
}

const page = (body: string) =>
  `<!doctype html><html><head><title>T</title></head><body>${body}</body></html>`;

function html(id: string, body: string, txt?: string): RenderTemplate {
  return {
    id,
    html: { file: `templates/${id}.html`, text: page(body) },
    ...(txt === undefined ? {} : { text: { file: `templates/${id}.txt`, text: txt } }),
  };
}

const FIELDS = {
  unsubscribeUrl: "{{ unsubscribeUrl }}",
  postalAddress: "{{ settings.postalAddress }}",
} as const;
type Field = keyof typeof FIELDS;
const other = (field: Field): Field => (field === "unsubscribeUrl" ? "postalAddress" : "unsubscribeUrl");

/** Ways a template can hold a field that the email of a contact without a firstName does not show. */
const WRAPPERS: Record<string, (liquid: string) => string> = {
  "{% if contact.firstName %}": (l) => `{% if contact.firstName %}<p>${l}</p>{% endif %}`,
  "{% comment %}": (l) => `{% comment %}<p>${l}</p>{% endcomment %}`,
  "{% raw %}": (l) => `{% raw %}<p>${l}</p>{% endraw %}`,
  "an HTML comment": (l) => `<!-- <p>${l}</p> -->`,
};

/** The HTML without comments: what a reader can see of it. */
const visible = (text: string) => text.replace(/<!--[\s\S]*?-->/g, "");
const count = (text: string, part: string) => text.split(part).length - 1;
const escaped = (text: string) => text.replaceAll("&", "&amp;");

describe("the footer is decided on the rendered email", () => {
  for (const field of ["unsubscribeUrl", "postalAddress"] as const) {
    const value = field === "unsubscribeUrl" ? AMP_URL : settings.postalAddress;
    for (const [name, wrap] of Object.entries(WRAPPERS)) {
      it(`${FIELDS[field]} only inside ${name}: the HTML and the text part still carry it`, async () => {
        const body = `<p>Hello</p>${wrap(FIELDS[field])}<p>${FIELDS[other(field)]}</p>`;
        const renderer = createRenderer({ settings, templates: new Map([["t", html("t", body)]]) });
        const email = await renderer.render(input("t"));
        expect(visible(email.html)).toContain(escaped(value));
        expect(visible(email.html)).toContain(escaped(AMP_URL));
        expect(visible(email.html)).toContain(settings.postalAddress);
        expect(email.text).toContain(value);
        expect(email.text).toContain(AMP_URL);
        expect(email.text).toContain(settings.postalAddress);
      });
    }

    it(`${FIELDS[field]} only inside {% if %} of the .txt part: the text part still carries it`, async () => {
      const both = `<p>${FIELDS.unsubscribeUrl} ${FIELDS.postalAddress}</p>`;
      const txt = `Hello\n{% if contact.firstName %}${FIELDS[field]}{% endif %}\n${FIELDS[other(field)]}\n`;
      const renderer = createRenderer({ settings, templates: new Map([["t", html("t", both, txt)]]) });
      const email = await renderer.render(input("t"));
      expect(email.text).toContain(value);
      expect(email.text).toMatch(/^Hello\n/);
    });
  }

  it("adds no footer when the branch shows both (a contact with a firstName)", async () => {
    const body = `{% if contact.firstName %}<p>${FIELDS.unsubscribeUrl} ${FIELDS.postalAddress}</p>{% endif %}`;
    const txt = `Hi\n{% if contact.firstName %}${FIELDS.unsubscribeUrl} ${FIELDS.postalAddress}{% endif %}`;
    const renderer = createRenderer({ settings, templates: new Map([["t", html("t", body, txt)]]) });
    const email = await renderer.render(input("t", { contact: named }));
    expect(count(email.html, escaped(AMP_URL))).toBe(1);
    expect(count(email.html, settings.postalAddress)).toBe(1);
    expect(count(email.text, AMP_URL)).toBe(1);
    expect(email.text).not.toContain("\n--\n");
  });

  it("counts a value outside a comment even when a comment holds it too", async () => {
    const body = `<!-- ${FIELDS.unsubscribeUrl} --><p>${FIELDS.unsubscribeUrl} ${FIELDS.postalAddress}</p>`;
    const renderer = createRenderer({ settings, templates: new Map([["t", html("t", body)]]) });
    const email = await renderer.render(input("t"));
    expect(count(email.html, escaped(AMP_URL))).toBe(2);
    expect(count(email.html, settings.postalAddress)).toBe(1);
  });

  it("finds a signed unsubscribe URL as links.ts makes it, and one with & written &amp;", async () => {
    const body = `<p><a href="${FIELDS.unsubscribeUrl}">Unsubscribe</a> ${FIELDS.postalAddress}</p>`;
    const renderer = createRenderer({ settings, templates: new Map([["t", html("t", body)]]) });
    for (const url of [SIGNED_URL, AMP_URL]) {
      const email = await renderer.render(input("t", { unsubscribeUrl: url }));
      expect(count(email.html, escaped(url)), url).toBe(1);
      expect(count(email.text, url), url).toBe(1);
    }
  });

  it("finds a postal address with & and < in it, as the HTML part escapes it; the footer escapes it too", async () => {
    const odd = { ...settings, postalAddress: "Unit 5 & 6, <Dock> Rd, Leeds LS1 4AP, UK" };
    const templates = new Map([
      ["both", html("both", `<p>${FIELDS.unsubscribeUrl} ${FIELDS.postalAddress}</p>`)],
      ["none", html("none", "<p>Hello</p>")],
    ]);
    const renderer = createRenderer({ settings: odd, templates });
    const both = await renderer.render(input("both"));
    expect(count(both.html, "Unit 5 &amp; 6, &lt;Dock&gt; Rd")).toBe(1);
    expect(count(both.text, odd.postalAddress)).toBe(1);
    const none = await renderer.render(input("none"));
    expect(count(none.html, "Unit 5 &amp; 6, &lt;Dock&gt; Rd")).toBe(1);
    expect(none.html).not.toContain("<Dock>");
    expect(count(none.text, odd.postalAddress)).toBe(1);
  });

  it("does not count a field that only a hidden preheader or the <head> holds", async () => {
    const head = `<!doctype html><html><head><title>${FIELDS.postalAddress}</title></head><body><p>${FIELDS.unsubscribeUrl}</p></body></html>`;
    const templates = new Map<string, RenderTemplate>([
      ["head", { id: "head", html: { file: "templates/head.html", text: head } }],
    ]);
    const renderer = createRenderer({ settings, templates });
    const email = await renderer.render(input("head", { preheader: "{{ settings.postalAddress }}" }));
    const body = email.html.slice(email.html.search(/<body/));
    expect(body.replace(/<span style="display:none[^>]*>[^<]*<\/span>/, "")).toContain(
      settings.postalAddress,
    );
  });
});

const shipped = await compileTemplates(workspace.templates);

describe("the shipped templates", () => {
  const renderer = createRenderer({ settings, templates: shipped });

  it("render with one unsubscribe link and one postal address, and no appended footer", async () => {
    for (const id of workspace.templates.keys()) {
      for (const contact of [bare, named]) {
        const email = await renderer.render(input(id, { contact, unsubscribeUrl: SIGNED_URL }));
        expect(count(email.html, SIGNED_URL), id).toBe(1);
        expect(count(email.html, settings.postalAddress), id).toBe(1);
        expect(count(email.text, SIGNED_URL), id).toBe(1);
        expect(count(email.text, settings.postalAddress), id).toBe(1);
      }
    }
  });
});
