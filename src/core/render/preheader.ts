/** The preheader: the preview line an inbox shows after the subject, hidden in the email itself. */

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** The usual hidden-preheader markup around already escaped text. */
export function preheaderMarkup(escaped: string): string {
  return (
    '<span style="display:none !important;visibility:hidden;mso-hide:all;font-size:1px;line-height:1px;' +
    `color:transparent;max-height:0;max-width:0;opacity:0;overflow:hidden;">${escaped}</span>`
  );
}

/** `html` with a hidden preheader holding `text` (plain, escaped here) right after its `<body…>`. */
export function insertPreheader(html: string, text: string): string {
  if (text === "") return html;
  const markup = preheaderMarkup(escapeHtml(text));
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) return markup + html;
  const at = body.index + body[0].length;
  return html.slice(0, at) + markup + html.slice(at);
}
