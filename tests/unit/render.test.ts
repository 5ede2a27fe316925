import { describe, expect, it, vi } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import { compileMjml, protectStructuralLiquid } from "../../src/compiler/mjml";
import { compileTemplates } from "../../src/compiler/render-templates";
import type { Owner, Settings } from "../../src/core/language";
import type { Contact } from "../../src/core/model";
import { createRenderer, htmlToText, type RenderInput, type RenderTemplate } from "../../src/core/render";
import type { TemplateFiles } from "../../src/core/render/template-files";
import { REPO } from "../helpers/workspace";

const workspace = loadWorkspace({ cwd: REPO });
const samples = workspace.templates;
/** The samples as catalog.json holds them: MJML compiled to HTML once. */
const compiledSamples = await compileTemplates(samples);
const settings = workspace.settings[0]!.value as Settings;
const owner: Owner = settings.owners[0]!;

const full: Contact = {
  id: "c-1",
  email: "dana@globex.example",
  firstName: "Dana",
  lastName: "Scully",
  company: "Globex",
  title: "Head of Data",
  timezone: "Europe/Berlin",
  owner: owner.id,
  attributes: { plan: "trial", company: { employees: 120 } },
  stage: "mql",
  consent: { status: "subscribed", at: "2025-01-01T00:00:00Z", source: "form" },
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-01-01T00:00:00Z",
};
/** A contact as bare as the language allows: no optional field, not even attributes. */
const bare = { id: "c-2", email: "x@initech.example" } as Contact;

function input(templateId: string, overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    templateId,
    subject: "Hi {{ contact.firstName | default: 'there' }}",
    contact: full,
    owner,
    workflow: { id: "trial-nurture", name: "Trial nurture" },
    unsubscribeUrl: "https://go.acme.example/u/tok?a=1&b=2",
    trackLink: (_url, tag) => `https://go.acme.example/r/${tag}`,
    ...overrides,
  };
}

/** Templates as the renderer takes them: compiled as a build compiles them. */
function templates(...extra: TemplateFiles[]): Promise<Map<string, RenderTemplate>> {
  return compileTemplates(new Map(extra.map((t) => [t.id, t])));
}

function htmlTemplate(id: string, text: string, txt?: string): TemplateFiles {
  return {
    id,
    html: { file: `templates/${id}.html`, format: "html", text },
    ...(txt === undefined ? {} : { text: { file: `templates/${id}.txt`, text: txt } }),
  };
}

function mjmlTemplate(id: string, body: string): TemplateFiles {
  return {
    id,
    html: {
      file: `templates/${id}.mjml`,
      format: "mjml",
      text: `<mjml><mj-body><mj-section><mj-column>${body}</mj-column></mj-section></mj-body></mjml>`,
    },
  };
}

describe("renderer on the sample templates", () => {
  const renderer = createRenderer({ templates: compiledSamples, settings });
  const ids = [...samples.keys()];

  it("has samples to render", () => {
    expect(ids.length).toBeGreaterThan(5);
  });

  for (const [name, contact, withOwner] of [
    ["a contact with every field", full, true],
    ["a contact with only id and email", bare, false],
  ] as const) {
    it(`renders every template for ${name}`, async () => {
      for (const id of ids) {
        const email = await renderer.render(
          input(id, { contact, ...(withOwner ? { owner } : { owner: undefined }) }),
        );
        for (const part of [email.subject, email.html, email.text]) {
          expect(part, id).not.toMatch(/undefined|\[object Object\]/);
          expect(part, id).not.toContain("{{");
          expect(part, id).not.toContain("{%");
        }
        expect(email.html, id).toContain("https://go.acme.example/u/tok?a=1&amp;b=2");
        expect(email.html, id).toContain(settings.postalAddress);
        expect(email.text, id).toContain("https://go.acme.example/u/tok?a=1&b=2");
        expect(email.text, id).toContain(settings.postalAddress);
        expect(email.html, id).toMatch(/^<!doctype html>/i);
        if (contact === full) expect(email.subject).toBe("Hi Dana");
        else expect(email.subject).toBe("Hi there");
      }
    });
  }

  it("replaces tracked links and collects their tags", async () => {
    const trackLink = vi.fn((_url: string, tag: string) => `https://go.acme.example/r/${tag}?x=1&y=2`);
    const email = await renderer.render(input("welcome", { trackLink }));
    expect(email.links).toEqual({
      "connect-data": "https://app.acme.example/setup/sources",
      docs: "https://docs.acme.example/getting-started",
    });
    expect(email.html).toContain('href="https://go.acme.example/r/connect-data?x=1&amp;y=2"');
    expect(email.html).not.toContain("app.acme.example/setup/sources");
    expect(email.text).toContain("https://go.acme.example/r/docs?x=1&y=2");
    expect(email.text).not.toContain("docs.acme.example");
    // One tracked URL per link and email, shared by the HTML and the text part.
    expect(trackLink).toHaveBeenCalledTimes(2);
  });

  it("reuses compiled templates over 1,000 renders", async () => {
    const compile = vi.fn(compileMjml);
    const welcome = ids.filter((id) => id === "welcome" || id === "sdr-intro");
    const two = new Map(welcome.map((id) => [id, samples.get(id)!]));
    const many = createRenderer({
      templates: await compileTemplates(two, { compileMjml: compile }),
      settings,
    });
    for (let i = 0; i < 1000; i++) {
      const id = welcome[i % welcome.length]!;
      const contact = { ...full, id: `c-${i}`, firstName: `Name${i}` };
      const email = await many.render(input(id, { contact }));
      expect(email.html).toContain(`Hi Name${i},`);
    }
    expect(compile).toHaveBeenCalledTimes(2);
    expect(many.compiledTemplates).toBe(2);
  });

  it("compiles each template once even when the first renders overlap", async () => {
    const compile = vi.fn(compileMjml);
    const many = createRenderer({
      templates: await compileTemplates(samples, { compileMjml: compile }),
      settings,
    });
    expect(compile).toHaveBeenCalledTimes(ids.length);
    await Promise.all(Array.from({ length: 20 }, () => many.render(input("welcome"))));
    expect(many.compiledTemplates).toBe(1);
    await many.prepare();
    expect(many.compiledTemplates).toBe(ids.length);
    expect(compile).toHaveBeenCalledTimes(ids.length);
  });
});

describe("merge values", () => {
  const nasty = { ...full, firstName: `<script>alert("x")</script> & 'co'`, company: "A & B <Ltd>" };
  const renderer = createRenderer({ templates: compiledSamples, settings });

  it("are escaped in HTML and not in the text part", async () => {
    const email = await renderer.render(input("sdr-intro", { contact: nasty }));
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;co&#39;");
    expect(email.html).toContain("A &amp; B &lt;Ltd&gt;");
    expect(email.text).toContain(`Hi <script>alert("x")</script> & 'co',`);
    expect(email.text).toContain("A & B <Ltd>");
  });

  it("are not escaped in the subject, which loses its line breaks", async () => {
    const contact = { ...nasty, firstName: "Dana\r\nBcc: all@example.com\u0000\t&" };
    const email = await renderer.render(
      input("welcome", { contact, subject: "Hi\n{{ contact.firstName }}" }),
    );
    expect(email.subject).toBe("Hi Dana Bcc: all@example.com &");
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).not.toContain(String.fromCharCode(0));
  });

  it("fill one-line strings", () => {
    const line = renderer.renderLine("{{ owner.name }} <{{ owner.email }}>\n{{ contact.company }}", {
      contact: nasty,
      owner,
      workflow: { id: "w", name: "W" },
    });
    expect(line).toBe("Ana Silva <ana@acme.example> A & B <Ltd>");
  });
});

describe("footer, text part and preheader", () => {
  const page = (body: string) =>
    `<!doctype html><html><head><title>T</title><style>p{color:red}</style></head><body>${body}</body></html>`;

  it("appends a footer when the template lacks the unsubscribe link or postal address", async () => {
    const renderer = createRenderer({
      settings,
      templates: await templates(
        htmlTemplate("bare", page("<p>Hello {{ contact.firstName }}</p>"), "Hello {{ contact.firstName }}"),
        mjmlTemplate("bare-mjml", "<mj-text>Hello {{ unsubscribeUrl }}</mj-text>"),
      ),
    });
    const email = await renderer.render(input("bare"));
    expect(email.html).toMatch(
      /Acme Analytics Inc\., 500 Market St[^<]*<br \/><a href="https:\/\/go\.acme\.example\/u\/tok\?a=1&amp;b=2"[^>]*>Unsubscribe<\/a><\/div>\n<\/body>/,
    );
    expect(email.text).toBe(
      `Hello Dana\n\n--\nAcme Analytics Inc., ${settings.postalAddress}\nUnsubscribe: https://go.acme.example/u/tok?a=1&b=2\n`,
    );
    const mjml = await renderer.render(input("bare-mjml"));
    expect(mjml.html).toContain(settings.postalAddress);
    expect(mjml.text).toContain(settings.postalAddress);
  });

  it("derives the text part of an HTML template without a .txt", async () => {
    const html = page(
      `<div style="display:none">hidden preview</div>
       <h1>Your   report</h1>
       <p>Hi {{ contact.firstName }},<br>numbers &amp; charts for {{ contact.company }}.</p>
       <p>See <a href="{{ 'https://acme.example/pricing' | track: 'pricing' }}">our <b>pricing</b></a>
       or <a href="https://acme.example/x">https://acme.example/x</a>.</p>
       <ul><li>One</li><li>Two</li></ul>
       <p>{{ settings.organization }}, {{ settings.postalAddress }} &middot; <a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>`,
    );
    const renderer = createRenderer({ settings, templates: await templates(htmlTemplate("report", html)) });
    const email = await renderer.render(input("report", { contact: { ...full, company: "A&B <x>" } }));
    expect(email.text).toBe(
      [
        "Your report",
        "",
        "Hi Dana,",
        "numbers & charts for A&B <x>.",
        "",
        "See our pricing (https://go.acme.example/r/pricing) or https://acme.example/x.",
        "",
        "- One",
        "- Two",
        "",
        `Acme Analytics Inc., ${settings.postalAddress} · Unsubscribe (https://go.acme.example/u/tok?a=1&b=2)`,
        "",
      ].join("\n"),
    );
    expect(email.links).toEqual({ pricing: "https://acme.example/pricing" });
  });

  it("inserts an escaped, hidden preheader right after <body>", async () => {
    const renderer = createRenderer({ settings, templates: compiledSamples });
    const email = await renderer.render(
      input("welcome", { preheader: "For {{ contact.company }} <3 & more\r\n" }),
    );
    expect(email.html).toMatch(
      /<body[^>]*><span style="display:none !important;[^"]*">For Globex &lt;3 &amp; more<\/span>/,
    );
    expect(email.text).not.toContain("For Globex");
  });

  it("turns rendered MJML into readable text", () => {
    const text = htmlToText(
      "<p>a&nbsp;&amp;&nbsp;b&#8203;</p><!--[if mso]><p>mso</p><![endif]--><p>&#x41;&amp;lt;</p>",
    );
    expect(text).toBe("a & b\n\nA&lt;\n");
  });
});

describe("MJML and Liquid", () => {
  it("keeps Liquid that stands between sections", async () => {
    const template: TemplateFiles = {
      id: "conditional",
      html: {
        file: "templates/conditional.mjml",
        format: "mjml",
        text: `<mjml><mj-body>{% if contact.company %}<mj-section><mj-column><mj-text>At {{ contact.company }}</mj-text></mj-column></mj-section>{% endif %}
          <mj-section><mj-column><mj-text>{% if contact.title %}T{% endif %} <a href="{{ unsubscribeUrl }}">u</a> {{ settings.postalAddress }}</mj-text></mj-column></mj-section></mj-body></mjml>`,
      },
    };
    expect(protectStructuralLiquid(template.html!.text)).toContain(
      "<mj-raw>{% if contact.company %}</mj-raw>",
    );
    expect(protectStructuralLiquid(template.html!.text)).toContain("{% if contact.title %}T");
    const renderer = createRenderer({ settings, templates: await templates(template) });
    expect((await renderer.render(input("conditional"))).html).toContain("At Globex");
    expect((await renderer.render(input("conditional", { contact: bare }))).html).not.toContain("At ");
  });

  it("reports a missing template, a broken one and an unknown filter", async () => {
    const renderer = createRenderer({
      settings,
      templates: await templates(
        htmlTemplate("syntax", "<p>{% if %}</p>"),
        htmlTemplate("filter", "<p>{{ contact.firstName | shout }}</p>"),
        htmlTemplate("include", "<p>{% include '/etc/passwd' %}</p>"),
      ),
    });
    await expect(renderer.render(input("nope"))).rejects.toThrow(/no template "nope"/);
    await expect(renderer.render(input("syntax"))).rejects.toThrow(/templates\/syntax\.html/);
    await expect(renderer.render(input("filter"))).rejects.toThrow(/shout/);
    await expect(renderer.render(input("include"))).rejects.toThrow();
  });
});
