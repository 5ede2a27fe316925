import type { HttpRequest } from "../../adapters/http/types";
import type { OutboundEmail } from "../../core/ports";

/** The RFC 8058 one-click POST a mail client makes to an email's List-Unsubscribe URL. */
export function oneClickUnsubscribe(email: OutboundEmail): HttpRequest | undefined {
  const url = /<([^>]+)>/.exec(email.headers["List-Unsubscribe"] ?? "")?.[1];
  if (!url) return undefined;
  return {
    method: "POST",
    path: new URL(url).pathname,
    query: {},
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  };
}

/** The click tokens of the email's tracked links (`/r/<token>`), in order of appearance. */
export function clickTokens(email: OutboundEmail): string[] {
  return [...email.html.matchAll(/https?:\/\/[^"'\s<>]+\/r\/([A-Za-z0-9._~-]+)/g)].map((match) => match[1]!);
}

/** The link tag inside a click token's payload (kid.payload.signature, payload base64url JSON). */
export function tagOf(token: string): string | undefined {
  try {
    return (
      JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { l?: string }
    ).l;
  } catch {
    return undefined;
  }
}
