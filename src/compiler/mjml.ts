/**
 * MJML to HTML at build time (into catalog.json, src/compiler/catalog.ts), keeping the Liquid in it
 * for the per-contact render.
 *
 * Measured with mjml 5.4: MJML passes `{{ … }}` and `{% … %}` through untouched inside text, inside
 * attributes (href, src, alt, title) and inside mj-title / mj-preview, with single or double quotes,
 * `&`, `<` and `>` in them. What it loses is text between components: a `{% if %}` around an
 * `<mj-section>` disappears. So Liquid tags in that position are wrapped in `<mj-raw>`, which MJML
 * copies verbatim, and the compiled HTML is checked to still hold every Liquid tag of the source.
 */
import mjml2html from "mjml";

/** Compiles one MJML document to HTML. */
export type MjmlCompiler = (source: string) => Promise<string>;

const LIQUID_TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

/** Components whose content MJML keeps as it is: Liquid right inside them is no structure. */
const CONTENT_COMPONENTS = new Set([
  "mj-text",
  "mj-button",
  "mj-raw",
  "mj-table",
  "mj-navbar-link",
  "mj-accordion-title",
  "mj-accordion-text",
  "mj-social-element",
]);

/** A run of `{% … %}` tags between two MJML tags: the first group is the MJML tag before it. */
const STRUCTURAL_RUN = /(<\/?mj-[a-z-]+\b[^>]*>)((?:\s*\{%[\s\S]*?%\})+)(?=\s*<\/?mj-)/g;

/** Wraps Liquid tags that stand between MJML components (in mj-body) in `<mj-raw>`. */
export function protectStructuralLiquid(source: string): string {
  const body = source.search(/<mj-body\b/);
  if (body < 0) return source;
  const tail = source.slice(body).replace(STRUCTURAL_RUN, (match, before: string, run: string) => {
    const opening = /^<(mj-[a-z-]+)/.exec(before)?.[1];
    if (opening && !before.endsWith("/>") && CONTENT_COMPONENTS.has(opening)) return match;
    return before + run.replace(/\{%[\s\S]*?%\}/g, (tag) => `<mj-raw>${tag}</mj-raw>`);
  });
  return source.slice(0, body) + tail;
}

function countTags(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [tag] of text.matchAll(LIQUID_TAG)) {
    const key = tag.replace(/\s+/g, " ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Throws when `html` lost a Liquid tag that `source` has (MJML dropped it). */
export function assertLiquidKept(source: string, html: string, file: string): void {
  const after = countTags(html);
  for (const [tag, count] of countTags(source)) {
    if ((after.get(tag) ?? 0) < count)
      throw new Error(
        `${file}: MJML dropped the Liquid ${tag}; put it inside <mj-text> or wrap it in <mj-raw>`,
      );
  }
}

/** The default compiler: mjml's own, includes ignored, validation left to `handoff check`. */
export const compileMjml: MjmlCompiler = async (source) => {
  const result = await mjml2html(source, { validationLevel: "soft", ignoreIncludes: true });
  return result.html;
};

/** Compiles an MJML template to HTML that still holds all of its Liquid. */
export async function mjmlToLiquidHtml(source: string, file: string, compile: MjmlCompiler): Promise<string> {
  const protectedSource = protectStructuralLiquid(source);
  const html = await compile(protectedSource);
  assertLiquidKept(source, html, file);
  return html;
}
