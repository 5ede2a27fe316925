// Template checks that look at a template's tracked links (issue 11, item 9).
import { describe, expect, it } from "vitest";
import { checkWorkspace } from "../../src/compiler/check";
import { loadWorkspace } from "../../src/compiler/load";
import type { TemplateFiles } from "../../src/core/render/template-files";
import { REPO } from "../helpers/workspace";

const base = loadWorkspace({ cwd: REPO });
const FOOTER = "{{ unsubscribeUrl }} {{ settings.postalAddress }}";

/** The samples with `template` in place of the template of the same id. */
function check(template: TemplateFiles) {
  const templates = new Map(base.templates).set(template.id, template);
  return checkWorkspace({ ...base, templates }).filter((v) => v.file.startsWith(`templates/${template.id}.`));
}

describe("two links with one tag", () => {
  it("is an error when the URLs differ (a click on the second would go to the first)", () => {
    const html = [
      "<p>{{ contact.firstName }}</p>",
      `<a href="{{ 'https://acme.example/pricing' | track: 'pricing' }}">Plans</a>`,
      `<a href="{{ 'https://acme.example/enterprise' | track: 'pricing' }}">Enterprise</a>`,
      FOOTER,
    ].join("\n");
    const found = check({
      id: "sdr-intro",
      html: { file: "templates/sdr-intro.html", format: "html", text: html },
    });
    expect(found).toEqual([
      expect.objectContaining({
        file: "templates/sdr-intro.html",
        path: "",
        code: "duplicate-link-tag",
        severity: "error",
        line: 3,
      }),
    ]);
    expect(found[0]!.message).toContain("https://acme.example/enterprise");
    expect(found[0]!.message).toContain("https://acme.example/pricing");
    expect(found[0]!.message).toContain("line 2");
  });

  it("is an error across the HTML and the text part (they share one set of tracked links)", () => {
    const found = check({
      id: "sdr-intro",
      html: {
        file: "templates/sdr-intro.html",
        format: "html",
        text: `{{ 'https://acme.example/pricing' | track: 'pricing' }} ${FOOTER}`,
      },
      text: {
        file: "templates/sdr-intro.txt",
        text: `{{ 'https://acme.example/plans' | track: 'pricing' }}\n${FOOTER}`,
      },
    });
    expect(found.map((v) => [v.file, v.code, v.line])).toEqual([
      ["templates/sdr-intro.txt", "duplicate-link-tag", 1],
    ]);
  });

  it("is fine for the same URL twice under one tag (a button and a text link)", () => {
    const html = [
      `<a href="{{ 'https://acme.example/pricing' | track: 'pricing' }}">Plans</a>`,
      `<a href="{{ ' https://acme.example/pricing ' | track: 'pricing' }}">See plans</a>`,
      FOOTER,
    ].join("\n");
    const found = check({
      id: "sdr-intro",
      html: { file: "templates/sdr-intro.html", format: "html", text: html },
    });
    expect(found).toEqual([]);
  });
});
