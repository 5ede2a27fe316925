import type { RenderTemplate, TemplateFiles } from "../core/render";
import { compileMjml, type MjmlCompiler, mjmlToLiquidHtml } from "./mjml";

export interface TemplateCompileOptions {
  /** Compiles MJML to HTML; default mjml's own. */
  compileMjml?: MjmlCompiler;
}

/** One template as the renderer takes it: an MJML part compiled to HTML (its Liquid kept), the rest as written. */
async function compileTemplate(
  template: TemplateFiles & { html: NonNullable<TemplateFiles["html"]> },
  options: TemplateCompileOptions = {},
): Promise<RenderTemplate> {
  const { file, format, text } = template.html;
  const html =
    format === "mjml" ? await mjmlToLiquidHtml(text, file, options.compileMjml ?? compileMjml) : text;
  return {
    id: template.id,
    html: { file, text: html },
    ...(template.text ? { text: { file: template.text.file, text: template.text.text } } : {}),
  };
}

/**
 * Every template with an HTML part, compiled once (MJML to HTML), in the workspace's order. A
 * template with only a .txt part is left out: the checks treat it as missing (src/compiler/check/index.ts).
 */
export async function compileTemplates(
  templates: ReadonlyMap<string, TemplateFiles>,
  options: TemplateCompileOptions = {},
): Promise<Map<string, RenderTemplate>> {
  const compiled = new Map<string, RenderTemplate>();
  for (const template of templates.values()) {
    const { html } = template;
    if (html) compiled.set(template.id, await compileTemplate({ ...template, html }, options));
  }
  return compiled;
}
