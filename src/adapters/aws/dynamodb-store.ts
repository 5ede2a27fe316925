/**
 * ContactStore on the single DynamoDB table of docs/data-model.md: single-item conditional writes
 * only (no transactions or streams), so it runs the same on AWS and on dynalite. Counters may carry
 * an expiry in the table's TTL attribute (dynalite keeps them: TTL only deletes garbage). One part
 * per concern of the port, all on the same table.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { storeOfParts } from "../../core/contact-store";
import { DynamoDbAccounts } from "./dynamodb-accounts";
import { DynamoDbEnrollments } from "./dynamodb-enrollments";
import { DynamoDbEvents } from "./dynamodb-events";
import { DynamoDbGuards } from "./dynamodb-guards";
import { DynamoDbPrivacy } from "./dynamodb-privacy";
import { DynamoDbProfiles } from "./dynamodb-profiles";
import { DynamoDbSendLedger } from "./dynamodb-send-ledger";
import { DynamoDbStats } from "./dynamodb-stats";
import { DynamoDbTable } from "./dynamodb-table";
import { DynamoDbTasks } from "./dynamodb-tasks";

export interface DynamoDbContactStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Days an event is kept: its item carries the time DynamoDB's TTL may delete it. Kept for ever without. */
  eventRetentionDays?: number;
}

function dynamoDbParts(table: DynamoDbTable, eventRetentionDays: number | undefined) {
  return {
    profiles: new DynamoDbProfiles(table),
    events: new DynamoDbEvents(table, eventRetentionDays),
    enrollments: new DynamoDbEnrollments(table),
    sendLedger: new DynamoDbSendLedger(table),
    tasks: new DynamoDbTasks(table),
    privacy: new DynamoDbPrivacy(table),
    counters: new DynamoDbGuards(table),
    stats: new DynamoDbStats(table),
    accounts: new DynamoDbAccounts(table),
  };
}

export class DynamoDbContactStore extends storeOfParts(dynamoDbParts) {
  /** The table its parts share. */
  readonly table: DynamoDbTable;

  constructor(options: DynamoDbContactStoreOptions) {
    const table = new DynamoDbTable(options.client, options.tableName);
    super(table, options.eventRetentionDays);
    this.table = table;
  }
}
