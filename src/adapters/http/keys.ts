import { createHash, timingSafeEqual } from "node:crypto";
import { InvalidApiKeysError } from "../../core/errors";
import * as z from "../../core/language/zod-mini";
import { parseInput } from "./input-parse";
import { SCOPES, type Scope } from "./scopes";

/** Requests per second a configured key may make when its entry gives no `rate`. */
export const DEFAULT_KEY_RATE = 50;
/** Shortest accepted key: a key is a secret, not a password someone remembers. */
export const MIN_KEY_LENGTH = 16;

export interface ApiKey {
  /** Names the caller in 403 and 429 answers and in the rate counters; never the key itself. */
  name: string;
  key: string;
  scope: Scope;
  /** Requests per second; without one the key is not throttled (keys made in-process only). */
  rate?: number;
}

const Key = z
  .string()
  .check(z.minLength(MIN_KEY_LENGTH, `a key has at least ${MIN_KEY_LENGTH} characters`), z.maxLength(256));
const Entry = z.strictObject({
  name: z
    .string()
    .check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, "a name is 1-64 letters, digits, dots, hyphens, underscores")),
  key: Key,
  scope: z.enum(SCOPES),
  rate: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(10_000))),
});
const LIST_FORMAT = "a JSON list of { name, key, scope, rate? }";

/** One entry of the secret, or why it is not one (`<place>.<field>: <why>`). */
function entryAt(entry: unknown, i: number): ApiKey | string {
  const plain = typeof entry === "string";
  const parsed = plain ? parseInput(Key, entry) : parseInput(Entry, entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = plain ? "key" : issue.path.join(".");
    return `${i}${field ? `.${field}` : ""}: ${issue.message}`;
  }
  const named = plain
    ? { name: `key-${i + 1}`, key: entry, scope: "ingest" as const }
    : (parsed.data as ApiKey);
  return { ...named, rate: named.rate ?? DEFAULT_KEY_RATE };
}

/**
 * Reads the HANDOFF_API_KEYS secret: a JSON list of `{ name, key, scope, rate? }`. A plain string
 * (the format before scopes) is an `ingest` key named `key-<place>`: the least a key from before
 * was used for, so an old key can no longer operate or read until it is given a scope. Throws with
 * the entry and what to fix.
 */
export function parseApiKeys(text: string, secretName = "HANDOFF_API_KEYS"): ApiKey[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidApiKeysError(`${secretName} is not JSON: set it to ${LIST_FORMAT}`);
  }
  if (!Array.isArray(raw)) throw new InvalidApiKeysError(`${secretName} must be ${LIST_FORMAT}`);
  const keys: ApiKey[] = [];
  for (const [i, entry] of raw.entries()) {
    const key = entryAt(entry, i);
    if (typeof key === "string") throw new InvalidApiKeysError(`${secretName}: ${key}`);
    keys.push(key);
  }
  const names = new Set<string>();
  const values = new Set<string>();
  for (const key of keys) {
    if (names.has(key.name))
      throw new InvalidApiKeysError(`${secretName}: the name '${key.name}' is there twice`);
    if (values.has(key.key))
      throw new InvalidApiKeysError(`${secretName}: '${key.name}' has the same key as another entry`);
    names.add(key.name);
    values.add(key.key);
  }
  return keys;
}

/** An in-process key with every right and no rate (the local runtime's and the simulator's). */
export function localAdminKey(key: string, name = "local"): ApiKey {
  return { name, key, scope: "admin" };
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * The configured key equal to `presented`, compared in constant time: digests of equal length,
 * and every configured key is compared whichever matches, so the time says nothing about the key.
 */
export function findKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const wanted = digest(presented);
  let found: ApiKey | undefined;
  for (const key of keys) if (timingSafeEqual(digest(key.key), wanted) && !found) found = key;
  return found;
}
