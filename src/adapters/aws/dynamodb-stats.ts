/**
 * The report counters on the single table (docs/data-model.md, "Counters").
 * Placeholder until the DynamoDB part lands: every call says so.
 */
import type { StatsStore } from "../../core/contact-store";
import type { DynamoDbTable } from "./dynamodb-table";

const notYet = () => Promise.reject(new Error("report counters are not on DynamoDB yet"));

export class DynamoDbStats implements StatsStore {
  constructor(readonly table: DynamoDbTable) {}
  readonly countOnce: StatsStore["countOnce"] = notYet;
  readonly counterRows: StatsStore["counterRows"] = notYet;
  readonly counterTotals: StatsStore["counterTotals"] = notYet;
}
