import * as z from "../language/zod-mini";

/** One template's files: the HTML part (from .mjml or .html) and the optional plain-text part. */
export interface TemplateFiles {
  id: string;
  html?: { file: string; format: "mjml" | "html"; text: string };
  text?: { file: string; text: string };
}

/** A part of a template ready to render: Liquid text, and the file it came from (named in errors). */
const TemplatePart = z.strictObject({ file: z.string().check(z.minLength(1)), text: z.string() });

/**
 * A template as the renderer takes it and catalog.json holds it: the HTML part already HTML (MJML
 * compiled at build time, src/compiler/render-templates.ts) and the optional plain-text part as
 * written. A template without an HTML part is none: the checks treat it as missing.
 */
export const RenderTemplate = z.strictObject({
  id: z.string().check(z.minLength(1)),
  html: TemplatePart,
  text: z.optional(TemplatePart),
});
export type RenderTemplate = z.infer<typeof RenderTemplate>;
