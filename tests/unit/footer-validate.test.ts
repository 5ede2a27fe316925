// The validator's `missing-footer` warning: a template part must show `{{ unsubscribeUrl }}` and
// `{{ settings.postalAddress }}` whatever branch it takes, so only an output at the top level of its
// Liquid counts (not inside a block tag, an HTML comment or the head).
import { describe, expect, it } from "vitest";
import { checkTemplate } from "../../src/compiler/check/templates";
import { loadWorkspace } from "../../src/compiler/load";
import type { TemplateFiles } from "../../src/core/render/template-files";
import { REPO } from "../helpers/workspace";

const U = "{{ unsubscribeUrl }}";
const P = "{{ settings.postalAddress }}";
const page = (body: string) =>
  `<!doctype html><html><head><title>T</title></head><body>${body}</body></html>`;

function html(body: string, txt?: string): TemplateFiles {
  return {
    id: "t",
    html: { file: "templates/t.html", format: "html", text: page(body) },
    ...(txt === undefined ? {} : { text: { file: "templates/t.txt", text: txt } }),
  };
}

function mjml(body: string, head = ""): TemplateFiles {
  const text = `<mjml><mj-head>${head}</mj-head><mj-body><mj-section><mj-column>${body}</mj-column></mj-section></mj-body></mjml>`;
  return { id: "t", html: { file: "templates/t.mjml", format: "mjml", text } };
}

const footerWarnings = (template: TemplateFiles) =>
  checkTemplate(template).filter((v) => v.code === "missing-footer");

/** Blocks whose content a contact may not get (or never gets). */
const BLOCKS: Record<string, (liquid: string) => string> = {
  if: (l) => `{% if contact.firstName %}${l}{% endif %}`,
  unless: (l) => `{% unless contact.company %}${l}{% endunless %}`,
  case: (l) => `{% case contact.title %}{% when 'CEO' %}${l}{% endcase %}`,
  for: (l) => `{% for x in contact.attributes.tags %}${l}{% endfor %}`,
  tablerow: (l) => `<table>{% tablerow x in contact.attributes.tags %}${l}{% endtablerow %}</table>`,
  capture: (l) => `{% capture foot %}${l}{% endcapture %}`,
  comment: (l) => `{% comment %}${l}{% endcomment %}`,
  raw: (l) => `{% raw %}${l}{% endraw %}`,
};

describe("missing-footer", () => {
  for (const [field, other] of [
    [U, P],
    [P, U],
  ] as const) {
    for (const [tag, wrap] of Object.entries(BLOCKS)) {
      it(`warns when ${field} sits only inside {% ${tag} %}, naming the field and the block`, () => {
        const found = footerWarnings(html(`<p>${wrap(field)}</p><p>${other}</p>`));
        expect(found).toHaveLength(1);
        expect(found[0]!.severity).toBe("warning");
        expect(found[0]!.file).toBe("templates/t.html");
        expect(found[0]!.message).toContain(field);
        expect(found[0]!.message).toContain(`{% ${tag} %}`);
        expect(found[0]!.message).not.toContain(other);
      });
    }

    it(`warns when ${field} sits only inside an HTML comment`, () => {
      const found = footerWarnings(html(`<!-- <p>${field}</p> --><p>${other}</p>`));
      expect(found).toHaveLength(1);
      expect(found[0]!.message).toContain(field);
      expect(found[0]!.message).toContain("HTML comment");
    });

    it(`warns when ${field} sits only inside {% if %} of the .txt part, on the .txt file`, () => {
      const found = footerWarnings(
        html(`<p>${U} ${P}</p>`, `Hi\n{% if contact.firstName %}${field}{% endif %}\n${other}`),
      );
      expect(found.map((v) => v.file)).toEqual(["templates/t.txt"]);
      expect(found[0]!.message).toContain(field);
      expect(found[0]!.message).toContain("{% if %}");
    });
  }

  it("says that the branch can be false for a contact and that Handoff appends a footer then", () => {
    const [found] = footerWarnings(html(`{% if contact.firstName %}${U}{% endif %} ${P}`));
    expect(found!.message).toMatch(/inside \{% if %\}.*false.*without it.*appends a footer/);
  });

  it("names the block rather than the head when the body has the field only inside a block", () => {
    const text = `<html><head><title>${P}</title></head><body>{% if contact.company %}${P}{% endif %} ${U}</body></html>`;
    const [found] = footerWarnings({ id: "t", html: { file: "templates/t.html", format: "html", text } });
    expect(found!.message).toContain("inside {% if %}");
  });

  it("warns for the field a template lacks, as before", () => {
    const found = footerWarnings(html(`<p>${U}</p>`));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain(P);
  });

  it("is quiet when both are at the top level, with filters, echo or whitespace control", () => {
    expect(
      footerWarnings(
        html(`<a href="{{- unsubscribeUrl | strip -}}">u</a> {{ settings.postalAddress | upcase }}`),
      ),
    ).toEqual([]);
    expect(
      footerWarnings(html(`{% echo unsubscribeUrl %} {% if contact.firstName %}x{% endif %} ${P}`)),
    ).toEqual([]);
    expect(footerWarnings(html(`{% comment %}${U}{% endcomment %}<p>${U} ${P}</p>`))).toEqual([]);
  });

  it("does not count a field used only as a filter argument or inside a condition", () => {
    expect(footerWarnings(html(`{{ contact.email | default: unsubscribeUrl }} ${P}`))).toHaveLength(1);
    expect(footerWarnings(html(`{% if unsubscribeUrl %}x{% endif %} ${P}`))).toHaveLength(1);
  });

  it("reads MJML the way the renderer compiles it: a block between sections, mj-head", () => {
    const section = (text: string) =>
      `<mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section>`;
    const between: TemplateFiles = {
      id: "t",
      html: {
        file: "templates/t.mjml",
        format: "mjml",
        text: `<mjml><mj-body>{% if contact.company %}${section(U)}{% endif %}${section(P)}</mj-body></mjml>`,
      },
    };
    expect(footerWarnings(between)[0]!.message).toContain("{% if %}");
    expect(footerWarnings(mjml(`<mj-text>${U} ${P}</mj-text>`))).toEqual([]);
    const inHead = footerWarnings(mjml(`<mj-text>${U}</mj-text>`, `<mj-title>${P}</mj-title>`));
    expect(inHead).toHaveLength(1);
    expect(inHead[0]!.message).toContain(P);
  });

  it("does not warn for the shipped templates", () => {
    const { templates } = loadWorkspace({ cwd: REPO });
    expect(templates.size).toBeGreaterThan(5);
    for (const template of templates.values()) expect(footerWarnings(template), template.id).toEqual([]);
  });
});
