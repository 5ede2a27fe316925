/** RFC 4648 base32, lowercase and unpadded: [a-z2-7], safe in an email address's local part. */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** The bytes of a base32 text; undefined when it has a character outside the alphabet. */
export function base32Decode(text: string): Uint8Array | undefined {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const c of text) {
    const n = ALPHABET.indexOf(c);
    if (n < 0) return undefined;
    value = ((value << 5) | n) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(bytes);
}
