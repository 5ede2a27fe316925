/**
 * A plain-text part from rendered email HTML: no head, styles, scripts, comments or hidden elements
 * (the preheader); links as "text (url)"; paragraphs separated by a blank line; entities decoded.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  zwnj: "",
  zwj: "",
  shy: "",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  copy: "©",
  reg: "®",
  trade: "™",
  euro: "€",
  pound: "£",
  times: "×",
};

/** Decodes character references in one pass (so "&amp;lt;" becomes "&lt;", not "<"). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return "";
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[ref.toLowerCase()];
    return named ?? whole;
  });
}

/** Characters that show nothing: zero-width spaces and joiners, the combining grapheme joiner, BOM. */
const INVISIBLE = /[\u034f\u200b-\u200d\u2060\ufeff\u00ad]/g;

const BLOCK =
  /<\/?(?:p|div|h[1-6]|ul|ol|table|tbody|thead|tfoot|tr|blockquote|section|article|header|footer|center|hr|pre)\b[^>]*>/gi;

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Strips tags from an inline fragment (the inside of a link). */
function inlineText(fragment: string): string {
  return fragment.replace(/<[^>]*>/g, "").trim();
}

function linkText(open: string, inner: string): string {
  const text = inlineText(inner);
  const href = attribute(open, "href")?.trim();
  if (!href || href.startsWith("#")) return text;
  if (!text || decodeEntities(text) === decodeEntities(href)) return href;
  return `${text} (${href})`;
}

/** The plain-text version of an HTML email. */
export function htmlToText(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(head|style|script|title|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<(div|span|p|td|table)\b[^>]*\bdisplay\s*:\s*none\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/\s+/g, " ")
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_m, attrs: string, inner: string) =>
      linkText(` ${attrs}`, inner),
    )
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/li\s*>/gi, "")
    .replace(/<\/td\s*>/gi, " ")
    .replace(BLOCK, "\n\n")
    .replace(/<[^>]*>/g, "");
  s = decodeEntities(s)
    .replace(INVISIBLE, "")
    .replace(/\u00a0/g, " ");
  const lines = s.split("\n").map((line) => line.replace(/[ \t]+/g, " ").trim());
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}
