/**
 * The few table operations the store is made of: consistent reads, conditional single-item writes
 * that answer true/false instead of throwing, and queries that follow every page.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { ItemTooLargeError } from "../../core/errors";
import type { ListIndexName } from "../single-table/contact-lists";
import { ENTITY, fromItem, type Item } from "../single-table/items";
import type { ItemKey } from "../single-table/keys";
import type { START_INDEX } from "../single-table/scheduled-starts";
import { Expressions } from "./dynamodb-expressions";
import { type GSI1, indexKeyNames } from "./table-schema";

export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/** DynamoDB's answer to an item over 400 KB ("Item size [to update] has exceeded the maximum allowed size"). */
function isItemTooLarge(error: unknown): boolean {
  return error instanceof Error && error.name === "ValidationException" && /item size/i.test(error.message);
}

/** A key condition on the base table (`pk`/`sk`) or on an index (GSI1 or a contact list's). */
export interface KeyQuery {
  index?: typeof GSI1 | ListIndexName | (typeof START_INDEX)["indexName"];
  partition: string;
  /** Sort keys starting with this. */
  prefix?: string;
  /** Sort keys in this inclusive range. */
  between?: { from: string; to: string };
  /** Sort keys after this one. */
  after?: string;
  /** Sort keys before this one. */
  before?: string;
  /** At most this many items (all of them without it). */
  limit?: number;
}

/** Which way a query reads the sort keys, and how many items at most. */
export interface QueryOptions {
  order?: "ascending" | "descending";
  limit?: number;
}

/** A condition on the item, written with the placeholders of `expr`. */
export interface WriteCondition {
  expr: Expressions;
  text: string;
}

/** An update of one item: the UpdateExpression and its condition, written with `expr`'s placeholders. */
export interface ItemUpdate {
  expr: Expressions;
  update: string;
  condition?: string;
  /** Resolve to the attributes the update wrote (DynamoDB's UPDATED_NEW). */
  returnNewValues?: boolean;
}

const conditionParams = (condition?: WriteCondition) =>
  condition ? { ConditionExpression: condition.text, ...condition.expr.params() } : {};

/**
 * What `write` resolved to; undefined when its condition did not hold. A write that makes an item
 * (`makes`: what it is) throws ItemTooLargeError for one over DynamoDB's 400 KB limit.
 */
async function conditionalWrite<T>(write: () => Promise<T>, makes?: string): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (isConditionalCheckFailure(error)) return undefined;
    if (makes !== undefined && isItemTooLarge(error)) throw new ItemTooLargeError(makes);
    throw error;
  }
}

export class DynamoDbTable {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** A strongly consistent read: a claim or a create just made is always seen. */
  async get(key: ItemKey): Promise<Item | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }

  /** The record at `key` (its item without the table's own attributes), read as get() reads. */
  async getRecord<T>(key: ItemKey): Promise<T | undefined> {
    const item = await this.get(key);
    return item && fromItem<T>(item);
  }

  /** The records matching `query`, as query() reads them. */
  async queryRecords<T>(query: KeyQuery): Promise<T[]> {
    return (await this.query(query)).map((item) => fromItem<T>(item));
  }

  /** Puts `item`; false when `condition` does not hold. */
  async put(item: Item, condition?: WriteCondition): Promise<boolean> {
    const put = new PutCommand({ TableName: this.tableName, Item: item, ...conditionParams(condition) });
    const what = `the ${String(item[ENTITY] ?? "item")}`;
    return (await conditionalWrite(() => this.client.send(put), what)) !== undefined;
  }

  /** Deletes the item at `key`; false when `condition` does not hold (a missing item is deleted). */
  async delete(key: ItemKey, condition?: WriteCondition): Promise<boolean> {
    const remove = new DeleteCommand({ TableName: this.tableName, Key: key, ...conditionParams(condition) });
    return (await conditionalWrite(() => this.client.send(remove))) !== undefined;
  }

  /** Updates the item at `key`; false when the condition does not hold. Resolves to the new values asked for. */
  async update(key: ItemKey, change: ItemUpdate): Promise<{ ok: boolean; attributes?: Item }> {
    const command = new UpdateCommand({
      TableName: this.tableName,
      Key: key,
      UpdateExpression: change.update,
      ...(change.condition ? { ConditionExpression: change.condition } : {}),
      ...change.expr.params(),
      ...(change.returnNewValues ? { ReturnValues: "UPDATED_NEW" } : {}),
    });
    const out = await conditionalWrite(() => this.client.send(command), "the updated item");
    if (out === undefined) return { ok: false };
    return { ok: true, ...(out.Attributes ? { attributes: out.Attributes } : {}) };
  }

  /**
   * The items matching `query` in sort-key order (or the reverse, newest first), following
   * LastEvaluatedKey to the end or until `limit` (the options', else the query's) items are read.
   */
  async query(query: KeyQuery, options: QueryOptions = {}): Promise<Item[]> {
    const limit = options.limit ?? query.limit ?? Number.POSITIVE_INFINITY;
    const items: Item[] = [];
    if (limit <= 0) return items;
    let start: Record<string, unknown> | undefined;
    do {
      const left = limit - items.length;
      const page = await this.queryPage(query, {
        ...(Number.isFinite(left) ? { limit: left } : {}),
        ...(options.order ? { order: options.order } : {}),
        start,
      });
      items.push(...page.items);
      start = page.lastKey;
    } while (start !== undefined && items.length < limit);
    return items;
  }

  /** One page of `query`: at most `limit` items after `start`, and where DynamoDB stopped (if it did). */
  async queryPage(
    query: KeyQuery,
    page: { limit?: number; start?: Record<string, unknown> | undefined; order?: QueryOptions["order"] },
  ): Promise<{ items: Item[]; lastKey?: Record<string, unknown> }> {
    const expr = new Expressions();
    const [pkName, skName] = query.index ? indexKeyNames(query.index) : ["pk", "sk"];
    let condition = expr.equals(pkName, query.partition);
    if (query.prefix !== undefined)
      condition += ` AND begins_with(${expr.name(skName)}, ${expr.value(query.prefix)})`;
    if (query.between !== undefined) {
      const { from, to } = query.between;
      condition += ` AND ${expr.name(skName)} BETWEEN ${expr.value(from)} AND ${expr.value(to)}`;
    }
    if (query.after !== undefined) condition += ` AND ${expr.name(skName)} > ${expr.value(query.after)}`;
    if (query.before !== undefined) condition += ` AND ${expr.name(skName)} < ${expr.value(query.before)}`;
    const input: QueryCommandInput = {
      TableName: this.tableName,
      KeyConditionExpression: condition,
      ...expr.params(),
      ...(query.index ? { IndexName: query.index } : { ConsistentRead: true }),
      ...(page.order === "descending" ? { ScanIndexForward: false } : {}),
      ...(page.limit !== undefined ? { Limit: page.limit } : {}),
      ...(page.start !== undefined ? { ExclusiveStartKey: page.start } : {}),
    };
    const out = await this.client.send(new QueryCommand(input));
    return { items: out.Items ?? [], ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
  }
}
