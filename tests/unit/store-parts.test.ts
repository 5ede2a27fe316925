import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { DynamoDbContactStore } from "../../src/adapters/aws/dynamodb-store";
import { MemoryContactStore } from "../../src/adapters/local/memory-store";
import { type ContactStoreParts, storeOfParts } from "../../src/core/contact-store";

const methodsOf = (store: object) =>
  Object.entries(store)
    .filter(([, value]) => typeof value === "function")
    .map(([name]) => name)
    .sort();

/** Parts that are not a whole store: enough to see how they are put together. */
const partsOf = (...parts: object[]) =>
  Object.fromEntries(parts.map((part, i) => [i, part])) as unknown as ContactStoreParts;

describe("a store made of one part per concern", () => {
  it("carries each part's methods as its own, bound to their part, and leaves the parts' state on them", async () => {
    class Counter {
      constructor(private readonly start: number) {}
      readonly increment = async () => this.start + 1;
    }
    const Store = storeOfParts((start: number) => partsOf(new Counter(start)));
    const store = new Store(41);
    expect(Object.keys(store)).toEqual(["increment"]);
    const { increment } = store;
    expect(await increment("any")).toBe(42);
  });

  it("refuses a part with a method on its prototype (it would be missing from the store) or a name given twice", () => {
    class WithPrototypeMethod {
      async getTask() {
        return undefined;
      }
    }
    const getTask = async () => undefined;
    expect(() => new (storeOfParts(() => partsOf(new WithPrototypeMethod())))()).toThrow(
      "store part WithPrototypeMethod: getTask must be arrow fields or #private",
    );
    expect(() => new (storeOfParts(() => partsOf({ getTask }, { getTask })))()).toThrow(
      "store part Object: getTask is given twice",
    );
  });

  it("gives the DynamoDB store and the memory store the same methods", () => {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "eu-west-1" }));
    const dynamo = methodsOf(new DynamoDbContactStore({ client, tableName: "unused" }));
    expect(dynamo).toEqual(methodsOf(new MemoryContactStore()));
    expect(dynamo).toContain("getContactView");
    expect(dynamo).toHaveLength(55);
  });
});
