/**
 * The contacts table (docs/data-model.md) as data: `createTable` builds it for tests and the local
 * runtime, and the CDK stack reads the same constants, so the three cannot drift apart.
 */

import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { LIST_INDEXES, LIST_SK, LISTED_FIELDS } from "../single-table/contact-lists";
import { EXPIRES_AT } from "../single-table/items";
import { START_FIELDS, START_INDEX } from "../single-table/scheduled-starts";

export interface KeyAttribute {
  name: string;
  type: "S";
}

export interface IndexSchema {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Every attribute, or the keys and these attributes only. */
  projection: "ALL" | { include: readonly string[] };
}

export interface TableSchema {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  billingMode: "PAY_PER_REQUEST";
  globalSecondaryIndexes: readonly IndexSchema[];
  /**
   * DynamoDB TTL (epoch seconds): items with it are deleted some time after it: events after the
   * stage's retention, pacing and rate counters and remembered signatures after their window.
   */
  timeToLiveAttribute: string;
}

/** Name of the general-purpose global secondary index (email, status, owner, message id…). */
export const GSI1 = "GSI1";

/**
 * The contact lists' sparse indexes (src/adapters/single-table/contact-lists.ts): only profiles
 * carry their keys, and each projects only what a list shows.
 */
const listIndexes: IndexSchema[] = Object.values(LIST_INDEXES).map((index) => ({
  indexName: index.indexName,
  partitionKey: { name: index.partitionKey, type: "S" },
  sortKey: { name: LIST_SK, type: "S" },
  projection: { include: LISTED_FIELDS },
}));

export const contactTableSchema: TableSchema = {
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  billingMode: "PAY_PER_REQUEST",
  globalSecondaryIndexes: [
    {
      indexName: GSI1,
      partitionKey: { name: "gsi1pk", type: "S" },
      sortKey: { name: "gsi1sk", type: "S" },
      projection: "ALL",
    },
    ...listIndexes,
    {
      // Sparse: only enrollments whose start is scheduled (src/adapters/single-table/scheduled-starts.ts).
      indexName: START_INDEX.indexName,
      partitionKey: { name: START_INDEX.partitionKey, type: "S" },
      sortKey: { name: START_INDEX.sortKey, type: "S" },
      projection: { include: START_FIELDS },
    },
  ],
  timeToLiveAttribute: EXPIRES_AT,
};

/** The key attribute names of an index of the table. */
export function indexKeyNames(indexName: string, schema: TableSchema = contactTableSchema): [string, string] {
  const index = schema.globalSecondaryIndexes.find((i) => i.indexName === indexName);
  if (!index) throw new Error(`no index ${indexName} on the table`);
  return [index.partitionKey.name, index.sortKey.name];
}

/** The CreateTable request for `schema`. */
export function createTableInput(
  tableName: string,
  schema: TableSchema = contactTableSchema,
): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [schema.partitionKey, schema.sortKey]) attributes.set(key.name, key);
  for (const index of schema.globalSecondaryIndexes) {
    attributes.set(index.partitionKey.name, index.partitionKey);
    attributes.set(index.sortKey.name, index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: schema.billingMode,
    AttributeDefinitions: [...attributes.values()].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [
      { AttributeName: schema.partitionKey.name, KeyType: "HASH" },
      { AttributeName: schema.sortKey.name, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: schema.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: "HASH" },
        { AttributeName: index.sortKey.name, KeyType: "RANGE" },
      ],
      Projection:
        index.projection === "ALL"
          ? { ProjectionType: "ALL" }
          : { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projection.include] },
    })),
  };
}

function allActive(indexes: Array<{ IndexStatus?: string }> | undefined): boolean {
  return (indexes ?? []).every((index) => index.IndexStatus === "ACTIVE");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the table and resolves once it (and its index) is ACTIVE. Polls from 10 ms up to 2 s
 * between checks, so a local server answers in milliseconds and AWS in seconds.
 */
export async function createTable(
  client: DynamoDBClient,
  tableName: string,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const created = await client.send(new CreateTableCommand(createTableInput(tableName)));
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  let status = created.TableDescription?.TableStatus;
  let indexesActive = allActive(created.TableDescription?.GlobalSecondaryIndexes);
  for (let delay = 10; ; delay = Math.min(delay * 2, 2_000)) {
    if (status === "ACTIVE" && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} still ${status} after waiting`);
    await sleep(delay);
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    status = described.Table?.TableStatus;
    indexesActive = allActive(described.Table?.GlobalSecondaryIndexes);
  }
}
