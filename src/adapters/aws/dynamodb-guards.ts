/**
 * The store's counters and remembered keys on the single table (docs/data-model.md): round-robin
 * and per-second rate counters, and the signatures the HTTP API's guards have seen (against
 * replays). Single-item conditional writes, as everywhere in the store; expiring items carry
 * EXPIRES_AT for the table's TTL, which only clears them away: the conditions decide.
 */
import type { CounterStore } from "../../core/contact-store";
import { ENTITY, EXPIRES_AT, epochSeconds } from "../single-table/items";
import { counterKey, onceKey, valueKey } from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";
import { contactTableSchema } from "./table-schema";

export class DynamoDbGuards implements CounterStore {
  constructor(private readonly table: DynamoDbTable) {}

  readonly increment: CounterStore["increment"] = async (counter, options = {}) => {
    const expr = new Expressions();
    const expiry = options.expiresAt
      ? { [contactTableSchema.timeToLiveAttribute]: Math.ceil(options.expiresAt.getTime() / 1000) }
      : {};
    const update = expr.update({ [ENTITY]: "counter", ...expiry }, [], { n: 1 });
    const { attributes } = await this.table.update(counterKey(counter), {
      expr,
      update,
      returnNewValues: true,
    });
    return Number(attributes?.n);
  };

  /** A put on condition the key is new or expired (TTL deletes late, so the condition decides). */
  readonly rememberOnce: CounterStore["rememberOnce"] = async (key, expiry) => {
    const expr = new Expressions();
    const free = `${expr.notExists("pk")} OR ${expr.name(EXPIRES_AT)} <= ${expr.value(epochSeconds(expiry.now))}`;
    const item = { ...onceKey(key), [ENTITY]: "once", [EXPIRES_AT]: epochSeconds(expiry.expiresAt) };
    return this.table.put(item, { expr, text: free });
  };

  readonly keepValue: CounterStore["keepValue"] = async (name, value, options = {}) => {
    const expiry = options.expiresAt ? { [EXPIRES_AT]: epochSeconds(options.expiresAt) } : {};
    await this.table.put({ ...valueKey(name), [ENTITY]: "value", value, ...expiry });
  };

  /** TTL deletes late: an item past its expiry is no value. */
  readonly readValue: CounterStore["readValue"] = async (name, now) => {
    const item = await this.table.get(valueKey(name));
    if (!item || typeof item.value !== "string") return undefined;
    const until = item[EXPIRES_AT];
    return typeof until === "number" && until <= epochSeconds(now) ? undefined : item.value;
  };
}
