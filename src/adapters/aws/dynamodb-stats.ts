/**
 * The report counters on the single table (docs/data-model.md, "Counters"), exactly once per fact
 * without transactions (dynalite has none, and a transaction would cost twice):
 *   (a) read the fact's marker: there, the fact was counted (return false);
 *   (b) each row: ADD the counts, append the samples and SET the fact's pending attribute, on the
 *       condition that the pending attribute is not there (it is when an earlier attempt added to
 *       this row and stopped before (d): the condition fails and nothing is added twice);
 *   (c) put the marker;
 *   (d) each row: REMOVE the pending attribute (rows stay small: a write costs by the item's size).
 * A request that fails (a throttle, before doing anything) or a crash anywhere leaves the fact
 * either not yet marked, so the next attempt redoes (b) where it is missing, or marked and counted.
 * Attributes of a row: `n:<counter>` numbers, `s:<sample>` lists, `p:<hash of contact and fact id>` pending facts.
 */
import { createHash } from "node:crypto";
import type { CountedFact, CounterAdd, CounterRow, StatsStore } from "../../core/contact-store";
import { ENTITY, type Item } from "../single-table/items";
import { countedKey, STAT_DAY_PREFIX, statKey } from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

const COUNT = "n:";
const SAMPLE = "s:";
const PENDING = "p:";

/**
 * A fact's pending attribute: fact ids are unique per contact only (the same step's open of two
 * contacts), so it names both, hashed (a row outlives the contact; nothing of its id stays on it).
 */
const pendingOf = (fact: CountedFact) =>
  `${PENDING}${createHash("sha256")
    .update(`${fact.contactId ?? ""}\u0000${fact.id}`)
    .digest("base64url")
    .slice(0, 22)}`;

/** The update of step (b): one fact's additions to one row, once. */
function addOnce(
  pendingName: string,
  add: CounterAdd,
): { expr: Expressions; update: string; condition: string } {
  const expr = new Expressions();
  const pending = expr.attribute(pendingName);
  const sets = [
    `${expr.attribute(ENTITY)} = ${expr.value("stat")}`,
    `${expr.attribute("scope")} = ${expr.value(add.scope)}`,
    `${pending} = ${expr.value(true)}`,
  ];
  if (add.day !== undefined) sets.push(`${expr.attribute("day")} = ${expr.value(add.day)}`);
  for (const [name, values] of Object.entries(add.samples ?? {})) {
    const sample = expr.attribute(`${SAMPLE}${name}`);
    sets.push(`${sample} = list_append(if_not_exists(${sample}, ${expr.value([])}), ${expr.value(values)})`);
  }
  const adds = Object.entries(add.counts).map(
    ([name, amount]) => `${expr.attribute(`${COUNT}${name}`)} ${expr.value(amount)}`,
  );
  const update = `SET ${sets.join(", ")}${adds.length > 0 ? ` ADD ${adds.join(", ")}` : ""}`;
  return { expr, update, condition: `attribute_not_exists(${pending})` };
}

/** The additions of one fact by row: two to the same row are one update (its pending attribute is one). */
function byRow(adds: readonly CounterAdd[]): CounterAdd[] {
  const rows = new Map<string, CounterAdd>();
  for (const add of adds) {
    const key = `${add.scope}\n${add.day ?? ""}`;
    const row = rows.get(key) ?? {
      scope: add.scope,
      ...(add.day !== undefined ? { day: add.day } : {}),
      counts: {},
      samples: {},
    };
    for (const [name, amount] of Object.entries(add.counts))
      row.counts[name] = (row.counts[name] ?? 0) + amount;
    for (const [name, values] of Object.entries(add.samples ?? {}))
      row.samples![name] = [...(row.samples![name] ?? []), ...values];
    rows.set(key, row);
  }
  return [...rows.values()];
}

/** A row as read back: its counts and samples, without its pending facts. */
function rowOf(item: Item): CounterRow {
  const counts: Record<string, number> = {};
  const samples: Record<string, number[]> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(COUNT)) counts[name.slice(COUNT.length)] = Number(value);
    else if (name.startsWith(SAMPLE)) samples[name.slice(SAMPLE.length)] = (value as unknown[]).map(Number);
  }
  const day = typeof item.day === "string" ? { day: item.day } : {};
  return { scope: String(item.scope), ...day, counts, samples };
}

export class DynamoDbStats implements StatsStore {
  constructor(readonly table: DynamoDbTable) {}

  /**
   * The attempts at work in this process, by contact and fact: a second attempt of the same fact
   * waits for the first (a duplicate delivered while the first is in flight). Attempts in two
   * processes can still race: docs/data-model.md, "Counters", says when that double-counts.
   */
  readonly #inFlight = new Map<string, Promise<boolean>>();

  readonly countOnce: StatsStore["countOnce"] = (fact) => {
    const key = pendingOf(fact);
    const before = this.#inFlight.get(key) ?? Promise.resolve(false);
    const attempt = before.catch(() => false).then(() => this.#countOnce(fact));
    const settled = attempt.finally(() => {
      if (this.#inFlight.get(key) === settled) this.#inFlight.delete(key);
    });
    settled.catch(() => undefined); // the caller sees the failure through `attempt`
    this.#inFlight.set(key, settled);
    return attempt;
  };

  readonly #countOnce = async (fact: CountedFact): Promise<boolean> => {
    const marker = countedKey(fact.id, fact.contactId);
    if (await this.table.get(marker)) return false;
    const adds = byRow(fact.adds);
    // A failed condition: an attempt before this one (or racing it) added to this row already.
    const added = await Promise.all(
      adds.map((add) => this.table.update(statKey(add.scope, add.day), addOnce(pendingOf(fact), add))),
    );
    await this.table.put({ ...marker, [ENTITY]: "counted" });
    await Promise.all(
      adds.map((add) => {
        const expr = new Expressions();
        const update = `REMOVE ${expr.attribute(pendingOf(fact))}`;
        return this.table.update(statKey(add.scope, add.day), { expr, update });
      }),
    );
    return adds.length === 0 || added.some((update) => update.ok);
  };

  readonly counterRows: StatsStore["counterRows"] = async (scope, days) => {
    const partition = statKey(scope).pk;
    const between = { from: `${STAT_DAY_PREFIX}${days.from}`, to: `${STAT_DAY_PREFIX}${days.to}` };
    return (await this.table.query({ partition, between })).map(rowOf);
  };

  readonly counterTotals: StatsStore["counterTotals"] = async (scope) => {
    const item = await this.table.get(statKey(scope));
    return item && rowOf(item);
  };
}
