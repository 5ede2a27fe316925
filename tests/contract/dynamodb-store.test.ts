import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbContactStore } from "../../src/adapters/aws/dynamodb-store";
import { contactTableSchema, createTable, GSI1 } from "../../src/adapters/aws/table-schema";
import { EXPIRES_AT, replyItem, taskItem } from "../../src/adapters/single-table/items";
import { type LocalDynamo, startDynalite } from "../helpers/dynalite";
import { describeContactStore } from "./contact-store.contract";

let dynamo: LocalDynamo;
let tables = 0;
/** The fault armed by the contract's failRequest: how many requests pass before one fails, and how. */
let fault: { passing: number; when: "before" | "after" } | undefined;

beforeAll(async () => {
  dynamo = await startDynalite();
  // Outside the SDK's retries: the armed request fails once, as a throttle would after every retry.
  dynamo.doc.middlewareStack.add(
    (next) => async (args) => {
      if (fault === undefined || fault.passing-- > 0) return next(args);
      const { when } = fault;
      fault = undefined;
      if (when === "after") await next(args);
      throw Object.assign(new Error(`request failed ${when} doing its work`), {
        name: "ThrottlingException",
      });
    },
    { step: "initialize", name: "contractFault" },
  );
});

afterAll(async () => {
  await dynamo?.close();
});

describeContactStore("DynamoDbContactStore on dynalite", async () => {
  const tableName = `contacts-${process.pid}-${++tables}`;
  await createTable(dynamo.client, tableName);
  return {
    store: new DynamoDbContactStore({ client: dynamo.doc, tableName }),
    failRequest({ request, when }) {
      fault = { passing: request, when };
    },
    close: async () => {
      fault = undefined;
      await dynamo.client.send(new DeleteTableCommand({ TableName: tableName }));
    },
    // GSI1 read with the raw client: `ENR#<status>`, gsi1sk `<workflowId>#<startedAt>`.
    async indexedEnrollments(status, workflowId) {
      const out = await dynamo.doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: GSI1,
          KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :wf)",
          ExpressionAttributeValues: { ":pk": `ENR#${status}`, ":wf": `${workflowId}#` },
        }),
      );
      return (out.Items ?? []).map((item) => `${item.contactId}/${item.id}`);
    },
    async dump() {
      const out = await dynamo.doc.send(new ScanCommand({ TableName: tableName }));
      return JSON.stringify(out.Items ?? []);
    },
    async writeWithoutReference(task, reply) {
      for (const item of [taskItem(task), replyItem(reply)])
        await dynamo.doc.send(new PutCommand({ TableName: tableName, Item: item }));
    },
    // The counter's item read with the raw client: its TTL attribute, in epoch seconds.
    async counterExpiry(counter) {
      const out = await dynamo.doc.send(
        new GetCommand({ TableName: tableName, Key: { pk: `COUNTER#${counter}`, sk: "COUNTER" } }),
      );
      return out.Item?.[contactTableSchema.timeToLiveAttribute] as number | undefined;
    },
  };
});

describe("event retention (DynamoDB TTL; dynalite keeps the attribute but never expires items)", () => {
  it("stamps each event with the time TTL may delete it, and hides that attribute from the record", async () => {
    const tableName = `retention-${process.pid}`;
    await createTable(dynamo.client, tableName);
    const store = new DynamoDbContactStore({ client: dynamo.doc, tableName, eventRetentionDays: 30 });
    const event = {
      id: "e1",
      contactId: "c-1",
      name: "page.view",
      at: "2025-03-01T00:00:00.000Z",
      properties: {},
    };
    await store.recordEvent(event);
    const out = await dynamo.doc.send(new ScanCommand({ TableName: tableName }));
    expect(out.Items?.[0]?.[EXPIRES_AT]).toBe(Date.parse("2025-03-31T00:00:00.000Z") / 1000);
    expect(contactTableSchema.timeToLiveAttribute).toBe(EXPIRES_AT);
    expect(await store.listEvents("c-1")).toEqual([event]);
    await dynamo.client.send(new DeleteTableCommand({ TableName: tableName }));
  });
});
