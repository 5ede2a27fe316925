/**
 * The plain footer every email must carry (campaign language, "settings"). It is decided on the
 * RENDERED email of one contact, not on the template: when a part does not show that email's
 * unsubscribe URL or the postal address, the footer with both is appended. So whatever branch a
 * template takes (`{% if %}`, `{% comment %}`, `{% raw %}`, an HTML comment…), the email carries both.
 *
 * The check is a plain string search for the actual values, as the part writes them: HTML-escaped by
 * the HTML engine itself in the HTML part (`&` is `&amp;` there), as they are in the text part. The
 * snippets are Liquid rendered with the email's scope, so their values are escaped like any other.
 */
import type { Template } from "liquidjs";
import { type LiquidEngines, parseLiquid } from "./liquid-engines";
import type { RenderScope } from "./scope";

export const HTML_FOOTER =
  '<div style="padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:18px;color:#6b7280;text-align:center;">' +
  "{{ settings.organization }}, {{ settings.postalAddress }}<br />" +
  '<a href="{{ unsubscribeUrl }}" style="color:#6b7280;text-decoration:underline;">Unsubscribe</a>' +
  "</div>\n";

export const TEXT_FOOTER =
  "\n\n--\n{{ settings.organization }}, {{ settings.postalAddress }}\nUnsubscribe: {{ unsubscribeUrl }}\n";

/** What the footer decides on: the values every email must show. */
const REQUIRED_VALUES = ["{{ unsubscribeUrl }}", "{{ settings.postalAddress }}"];

/** `snippet` inserted before the last `</body>`, or at the end when there is none. */
export function insertBeforeBodyEnd(html: string, snippet: string): string {
  const at = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  return at < 0 ? html + snippet : html.slice(0, at) + snippet + html.slice(at);
}

/** Where the part of an HTML email a reader can see starts: `<body` (the head shows nothing), or 0. */
function bodyStart(html: string): number {
  return Math.max(0, html.search(/<body\b/i));
}

/** True when `at` lies inside an HTML comment of `html` (an unclosed one runs to the end). */
function inComment(html: string, at: number): boolean {
  const open = html.lastIndexOf("<!--", at);
  if (open < 0) return false;
  const close = html.indexOf("-->", open + 4);
  return close < 0 || at < close + 3;
}

/** True when `value` occurs in `html` from `from` on, outside HTML comments: plain string searches. */
function showsInHtml(html: string, value: string, from: number): boolean {
  if (value === "") return true; // in every text
  for (let at = html.indexOf(value, from); at >= 0; at = html.indexOf(value, at + 1)) {
    if (!inComment(html, at)) return true;
  }
  return false;
}

/** True when `text` holds `value` as it is, or with its white space collapsed (as htmlToText does). */
function holds(text: string, value: string): boolean {
  return text.includes(value) || text.includes(value.replace(/\s+/g, " ").trim());
}

export interface Footer {
  /** The rendered HTML, with the footer before `</body>` when its readable part lacks a value. */
  html(html: string, scope: RenderScope): string;
  /** The rendered text part, with the footer at the end when it lacks a value. */
  text(text: string, scope: RenderScope): string;
}

/** The footer of one renderer, its snippets parsed once with the renderer's engines. */
export function createFooter(engines: LiquidEngines): Footer {
  const parsed = {
    htmlFooter: parseLiquid(engines.html, HTML_FOOTER, "the HTML footer"),
    textFooter: parseLiquid(engines.text, TEXT_FOOTER, "the text footer"),
    htmlValues: REQUIRED_VALUES.map((value) => parseLiquid(engines.html, value, "the footer values")),
  };
  const render = (engine: "html" | "text", template: Template[], scope: RenderScope) =>
    String(engines[engine].renderSync(template, scope));
  return {
    html(html, scope) {
      // The values as the HTML engine writes them (escaped, `&` as `&amp;`), in the body, outside comments.
      const from = bodyStart(html);
      if (parsed.htmlValues.every((value) => showsInHtml(html, render("html", value, scope), from)))
        return html;
      return insertBeforeBodyEnd(html, render("html", parsed.htmlFooter, scope));
    },
    text(text, scope) {
      const values = [scope.unsubscribeUrl, scope.settings.postalAddress];
      if (values.every((value) => holds(text, value))) return text;
      return text.replace(/\s*$/, "") + render("text", parsed.textFooter, scope);
    },
  };
}
