import type { OutboundEmail } from "../../src/core/ports";

/** The List-Unsubscribe header of the sample email: a one-click URL and a mailto. */
export const UNSUBSCRIBE = "<https://example.com/u/abc123>, <mailto:unsubscribe@example.com?subject=abc123>";

/** An email as the send handler hands it to the mailer: both bodies, a reply-to, RFC 8058 headers, tags. */
const SAMPLE: OutboundEmail = {
  from: "Handoff <hello@example.com>",
  to: "ada@example.com",
  replyTo: "owner@example.com",
  subject: "Welcome aboard",
  html: "<p>Hello <b>Ada</b></p>",
  text: "Hello Ada",
  headers: { "List-Unsubscribe": UNSUBSCRIBE, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  tags: { workflow: "trial-nurture", step: "welcome" },
};

/** The sample email with `changes` made (an unset field: `undefined`). */
export function anOutboundEmail(changes: Partial<OutboundEmail> = {}): OutboundEmail {
  return { ...SAMPLE, ...changes };
}
