/** Counters, remembered keys and kept values: small items that may carry an expiry (DynamoDB's TTL). */

/** A window of time: what is remembered or counted in it is forgotten after `expiresAt`. */
export interface Expiry {
  now: Date;
  expiresAt: Date;
}

export interface CounterOptions {
  expiresAt?: Date;
}

export interface CounterStore {
  /**
   * An ever-increasing counter (round-robin assignment; with an expiry, the send pacer's and the
   * API keys' per-second counts, each second its own counter): the
   * value after adding 1. With `expiresAt` the counter may be deleted any time after that instant
   * (DynamoDB's TTL); until then it counts on.
   */
  increment(counter: string, options?: CounterOptions): Promise<number>;

  /**
   * Remembers `key` until `expiresAt` (a conditional put): false when it is remembered already and
   * has not expired at `now`. Request signatures, so a replay is refused.
   */
  rememberOnce(key: string, expiry: Expiry): Promise<boolean>;

  /**
   * Keeps `value` under `name` (replacing what was kept), until `expiresAt` when given: an
   * integration's state (Asana's webhook secret, a connection awaiting its handshake).
   */
  keepValue(name: string, value: string, options?: CounterOptions): Promise<void>;
  /** The value kept under `name`; undefined when none is, or it expired at `now`. */
  readValue(name: string, now: Date): Promise<string | undefined>;
}
