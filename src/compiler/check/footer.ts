/**
 * `missing-footer`: one warning per part and field (`{{ unsubscribeUrl }}`,
 * `{{ settings.postalAddress }}`) that some email of the template could lack, saying where the field
 * sits and what it does to whom. footer-placement.ts finds where it sits.
 */

import type { TemplateFiles } from "../../core/render/template-files";
import type { Violation } from "../violation";
import { warning } from "../violation";
import {
  FOOTER_FIELDS,
  type FooterField,
  type PartLayout,
  type Placement,
  placeField,
} from "./footer-placement";
import { parseLiquidTree } from "./liquid";

type TemplatePart = NonNullable<TemplateFiles["html"] | TemplateFiles["text"]>;

/** An HTML part has a head and comments; its body starts at `<body` (`<mj-body` in MJML). */
function layoutOf(part: TemplatePart): PartLayout {
  if (!("format" in part)) return {};
  return { bodyTag: part.format === "mjml" ? /<mj-body\b/i : /<body\b/i };
}

const TOP_LEVEL = "put it at the top level of the template, outside any {% %} block, so every email shows it";
const BRANCH = "a contact for whom the branch is false would get an email without it";
const LOOP = "a contact for whom the loop runs zero times would get an email without it";

/** What a block does to a field inside it, where that block is not a branch that may be false. */
const BLOCK_EFFECT: Record<string, string> = {
  comment: "a comment is never printed, so no email shows it",
  raw: "{% raw %} prints the Liquid as it is, not the value, so no email shows it",
  capture: "{% capture %} keeps it in a variable instead of printing it",
  assign: "{% assign %} keeps it in a variable instead of printing it",
  for: LOOP,
  tablerow: LOOP,
};

/** Why some email of template `id` would lack `field`, as a sentence; undefined when none would. */
function footerMessage(id: string, field: FooterField, placement: Placement): string | undefined {
  const it = `template '${id}'`;
  switch (placement.kind) {
    case "top-level":
      return undefined;
    case "absent":
      return `${it} lacks ${field.liquid}: Handoff appends a plain footer with the unsubscribe link and postal address; add it to place it yourself`;
    case "html-comment":
      return `${it} (line ${placement.line}): ${field.liquid} is inside an HTML comment <!-- -->, which no reader sees: Handoff appends a footer then; take it out of the comment`;
    case "head":
      return `${it} (line ${placement.line}): ${field.liquid} is in the head of the email, which no reader sees: put it in the body`;
    case "block":
      return `${it} (line ${placement.line}): ${field.liquid} is inside {% ${placement.tag} %}: ${BLOCK_EFFECT[placement.tag] ?? BRANCH}; Handoff appends a footer then; ${TOP_LEVEL}`;
  }
}

/** The `missing-footer` warnings of one template part. */
export function footerWarnings(id: string, part: TemplatePart): Violation[] {
  const tree = parseLiquidTree(part.text);
  if (!tree) return []; // a syntax error, which analyseLiquid reports
  const layout = layoutOf(part);
  return FOOTER_FIELDS.flatMap((field) => {
    const placement = placeField(part.text, tree, field, layout);
    const message = footerMessage(id, field, placement);
    if (!message) return [];
    const line = "line" in placement ? { line: placement.line } : {};
    return [{ ...warning(part.file, "", "missing-footer", message), ...line }];
  });
}
