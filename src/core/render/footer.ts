/**
 * The plain footer every email must carry when its template does not place the unsubscribe link and
 * the postal address itself (campaign language, "settings"). The snippets are Liquid, rendered with
 * the template, so their values are escaped like any other.
 */

/** True when a template part lacks `{{ unsubscribeUrl }}` or `{{ settings.postalAddress }}`. */
export function needsFooter(source: string): boolean {
  return !/\{\{-?\s*unsubscribeUrl\b/.test(source) || !/\{\{-?\s*settings\.postalAddress\b/.test(source);
}

export const HTML_FOOTER =
  '<div style="padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:18px;color:#6b7280;text-align:center;">' +
  "{{ settings.organization }}, {{ settings.postalAddress }}<br />" +
  '<a href="{{ unsubscribeUrl }}" style="color:#6b7280;text-decoration:underline;">Unsubscribe</a>' +
  "</div>\n";

export const TEXT_FOOTER =
  "\n\n--\n{{ settings.organization }}, {{ settings.postalAddress }}\nUnsubscribe: {{ unsubscribeUrl }}\n";

/** `snippet` inserted before the last `</body>`, or at the end when there is none. */
export function insertBeforeBodyEnd(html: string, snippet: string): string {
  const at = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  return at < 0 ? html + snippet : html.slice(0, at) + snippet + html.slice(at);
}

/** The HTML part's Liquid with the footer added when it needs one. */
export function withHtmlFooter(source: string): string {
  return needsFooter(source) ? insertBeforeBodyEnd(source, HTML_FOOTER) : source;
}

/** The text part's Liquid with the footer added when it needs one. */
export function withTextFooter(source: string): string {
  return needsFooter(source) ? source.replace(/\s*$/, "") + TEXT_FOOTER : source;
}
