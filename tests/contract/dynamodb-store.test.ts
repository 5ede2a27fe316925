import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll } from "vitest";
import { DynamoDbContactStore } from "../../src/adapters/aws/dynamodb-store";
import { contactTableSchema, createTable, GSI1 } from "../../src/adapters/aws/table-schema";
import { type LocalDynamo, startDynalite } from "../helpers/dynalite";
import { describeContactStore } from "./contact-store.contract";

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo?.close();
});

describeContactStore("DynamoDbContactStore on dynalite", async () => {
  const tableName = `contacts-${process.pid}-${++tables}`;
  await createTable(dynamo.client, tableName);
  return {
    store: new DynamoDbContactStore({ client: dynamo.doc, tableName }),
    close: async () => {
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
    // The counter's item read with the raw client: its TTL attribute, in epoch seconds.
    async counterExpiry(counter) {
      const out = await dynamo.doc.send(
        new GetCommand({ TableName: tableName, Key: { pk: `COUNTER#${counter}`, sk: "COUNTER" } }),
      );
      return out.Item?.[contactTableSchema.timeToLiveAttribute] as number | undefined;
    },
  };
});
