import { type EmailIdentity, emailIdentityOf } from "../../core/engine/email-identity";

/**
 * The message tags of an email as SES keeps them, and back: the SES mailer (ses-mailer.ts) sends
 * the Mailer port's tags this way, and the SES events (events/ses-event.ts) read them back. SES
 * allows only [A-Za-z0-9_-] in tag names and values, at most 256 characters (SES v2 API
 * reference, MessageTag); Handoff's ids hold more (contact ids also take `.`, `:` and `@`). So
 * every name and value is escaped, reversibly:
 *
 * - `A`–`Z`, `a`–`z`, `0`–`9` and `-` stand for themselves;
 * - `_` starts an escape: `__` is `_`, `_d` is `.`, `_c` is `:`, `_a` is `@`, and `_uXXXX` (four
 *   lowercase hex digits) is any other UTF-16 code unit.
 *
 * Invariant: the escape is a bijection between strings and their encodings. decodeTag(encodeTag(s))
 * is s for every s, and decodeTag refuses every text encodeTag never makes (so two ids never share
 * a tag, and a tag names one id). Each character of a contact id the API accepts (at most 128 of
 * [A-Za-z0-9._:@-]) takes at most 2, so its tag fits in 256; a longer encoding is left out of the
 * tags and the SES event finds its email through the send ledger by message id instead.
 */

/** SES's limit on a tag name or value. */
export const SES_TAG_MAX = 256;

/**
 * Marks tags written with this escape. Emails sent before it carry tags in which every other
 * character became `_` (not reversible): their events are matched through the send ledger only.
 */
export const TAG_SCHEME = { name: "handoff-tags", value: "2" } as const;

const SHORT: Readonly<Record<string, string>> = { _: "_", ".": "d", ":": "c", "@": "a" };
const LONG: Readonly<Record<string, string>> = { _: "_", d: ".", c: ":", a: "@" };
const PLAIN = /[A-Za-z0-9-]/;

export function encodeTag(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (PLAIN.test(c)) out += c;
    else if (SHORT[c] !== undefined) out += `_${SHORT[c]}`;
    else out += `_u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  }
  return out;
}

/** The text `tag` encodes; undefined when encodeTag makes no such tag. */
export function decodeTag(tag: string): string | undefined {
  let out = "";
  for (let i = 0; i < tag.length; i++) {
    const c = tag[i]!;
    if (c !== "_") {
      if (!PLAIN.test(c)) return undefined;
      out += c;
      continue;
    }
    const kind = tag[i + 1];
    if (kind !== undefined && LONG[kind] !== undefined) {
      out += LONG[kind];
      i += 1;
    } else if (kind === "u" && /^[0-9a-f]{4}$/.test(tag.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(tag.slice(i + 2, i + 6), 16));
      i += 5;
    } else return undefined;
  }
  // `_u002e` would decode to "." too, but "." encodes as `_d`: only the canonical form is accepted.
  return encodeTag(out) === tag ? out : undefined;
}

/**
 * The EmailTags SES gets for `tags`: the scheme marker, then every name and value encoded. A tag
 * whose name or value is empty, or whose encoding is longer than SES allows, is left out (the
 * ledger names the email instead); a name repeated after encoding keeps its first value.
 */
export function sesTags(tags: Record<string, string>): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [{ name: TAG_SCHEME.name, value: TAG_SCHEME.value }];
  const seen = new Set<string>([TAG_SCHEME.name]);
  for (const [rawName, rawValue] of Object.entries(tags)) {
    const name = encodeTag(rawName);
    const value = encodeTag(rawValue);
    if (!name || !value || name.length > SES_TAG_MAX || value.length > SES_TAG_MAX || seen.has(name))
      continue;
    seen.add(name);
    out.push({ name, value });
  }
  return out;
}

/**
 * The tags an SES event carries (`mail.tags`, a list of values per name), decoded: only those of
 * emails sent with this scheme, and only names and values encodeTag made. SES's own tags
 * (`ses:configuration-set`, …) are not Handoff's and are left out.
 */
export function readSesTags(tags: Record<string, string[]> | undefined): Record<string, string> {
  if (tags?.[TAG_SCHEME.name]?.[0] !== TAG_SCHEME.value) return {};
  const out: Record<string, string> = {};
  for (const [rawName, values] of Object.entries(tags)) {
    if (rawName === TAG_SCHEME.name) continue;
    const name = decodeTag(rawName);
    const value = values[0] === undefined ? undefined : decodeTag(values[0]);
    if (name !== undefined && value !== undefined) out[name] = value;
  }
  return out;
}

/** The email an SES event's tags name; undefined when they name no contact (too long, or an old email). */
export function identityFromTags(tags: Record<string, string[]> | undefined): EmailIdentity | undefined {
  return emailIdentityOf(readSesTags(tags));
}
