import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbContactStore } from "../../src/adapters/aws/dynamodb-store";
import { createTable } from "../../src/adapters/aws/table-schema";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import type { CountedFact } from "../../src/core/contact-store";
import {
  ACTIVE,
  dailyCounter,
  ENROLLED,
  stepCounter,
  workflowScope,
} from "../../src/core/reports/counter-names";
import { funnelReport } from "../../src/core/reports/funnel";
import { type LocalDynamo, startDynalite } from "../helpers/dynalite";
import { REPO } from "../helpers/workspace";

const CONTACTS = 10_000;
/** Contacts counted one fact each (six requests a fact on dynalite's serialized hot rows)… */
const ONE_BY_ONE = 1_000;
/** …the others counted in one fact per day carrying their sums, so the test stays short. */
const CONCURRENCY = 32;
const DAYS = 30;

let dynamo: LocalDynamo;
/** DynamoDB requests sent through the client since the last reset (a middleware counts them). */
let requests = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  dynamo.doc.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: "initialize", name: "countRequests" },
  );
});

afterAll(async () => {
  await dynamo?.close();
});

/** The contact's enrollment, its first email sent and opened, on one of 30 days: one fact, two rows. */
function contactFact(workflowId: string, stepId: string, index: number, contacts = 1): CountedFact {
  const day = `2026-03-${String(1 + (index % DAYS)).padStart(2, "0")}`;
  const counts = {
    [ENROLLED]: contacts,
    [stepCounter(stepId, "sent")]: contacts,
    [dailyCounter("sent")]: contacts,
    [stepCounter(stepId, "opened")]: contacts === 1 ? index % 2 : contacts / 2,
  };
  return {
    id: contacts === 1 ? `enrolled:${workflowId}.1` : `bulk:${day}`,
    ...(contacts === 1 ? { contactId: `contact-${index}` } : {}),
    adds: [
      { scope: workflowScope(workflowId), day, counts },
      { scope: workflowScope(workflowId), counts: { [ACTIVE]: contacts } },
    ],
  };
}

describe("the funnel of a workflow with 10,000 contacts on DynamoDB (dynalite)", () => {
  it("answers in at most 5 requests, whatever the number of contacts", async () => {
    const tableName = `funnel-${process.pid}`;
    await createTable(dynamo.client, tableName);
    const store = new DynamoDbContactStore({ client: dynamo.doc, tableName });
    const { catalog } = await catalogFromWorkspace({ cwd: REPO });
    const workflow = catalog.workflows.get("trial-nurture")!;
    const stepId = workflow.steps.find((step) => step.type === "email")!.id;
    let next = 0;
    const worker = async () => {
      while (next < ONE_BY_ONE) await store.countOnce(contactFact(workflow.id, stepId, next++));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const perDay = (CONTACTS - ONE_BY_ONE) / DAYS;
    for (let day = 0; day < DAYS; day++) await store.countOnce(contactFact(workflow.id, stepId, day, perDay));

    requests = 0;
    const funnel = await funnelReport(store, workflow, { from: "2026-03-01", to: "2026-03-31" });
    expect(requests).toBeLessThanOrEqual(5);
    expect(funnel.enrolled).toBe(CONTACTS);
    expect(funnel.active).toBe(CONTACTS);
    const first = funnel.steps.find((step) => step.step === stepId)!;
    expect([first.sent, first.opened]).toEqual([CONTACTS, CONTACTS / 2]);
    expect(funnel.daily).toHaveLength(31);
    expect(funnel.daily.reduce((sum, day) => sum + day.sent, 0)).toBe(CONTACTS);
  }, 60_000);
});
