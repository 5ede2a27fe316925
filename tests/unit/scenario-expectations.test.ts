import { describe, expect, it } from "vitest";
import type { Catalog } from "../../src/core/engine/deps";
import type { Enrollment } from "../../src/core/model";
import { check, type Outcome } from "../../src/runtime/scenario/expectations";
import type { ContactHistory, ContactPicture } from "../../src/runtime/scenario/scenario-timeline";

const START = Date.parse("2026-03-02T14:00:00Z");

function enrollment(seq: number, status: Enrollment["status"], endedAt?: string): Enrollment {
  return {
    id: `long-term-nurture.${seq}`,
    contactId: "c1",
    workflowId: "long-term-nurture",
    kind: "campaign",
    version: "v",
    seq,
    status,
    startedAt: new Date(START + seq * 86400_000).toISOString(),
    ...(endedAt ? { endedAt, reason: "exitWhen" } : {}),
    executionName: `c1-${seq}`,
  };
}

/** A contact recycled twice into the long-term nurture: the first enrollment exited, the second runs. */
const history: ContactHistory = {
  contactId: "c1",
  enrollments: [enrollment(2, "active"), enrollment(1, "exited", "2026-03-03T18:00:00.000Z")],
  sends: [],
  events: [],
  stages: [],
  tasks: [],
  notes: [],
  stepOrder: new Map(),
};

const outcome: Outcome = {
  catalog: {} as Catalog,
  start: START,
  histories: new Map([["c1", history]]),
  slackPosts: [],
  zoneOf: () => () => "UTC",
  initialStage: () => "subscriber",
};

describe("the enrollment-status expectation", () => {
  it("looks at the latest enrollment in the workflow", () => {
    expect(
      check({ contact: "c1", enrollment: "long-term-nurture", status: "active" }, outcome),
    ).toBeUndefined();
    const failure = check({ contact: "c1", enrollment: "long-term-nurture", status: "exited" }, outcome);
    expect((failure!.actual as ContactPicture).found).toBe(
      "long-term-nurture.2 is 'active', not 'exited'; before it long-term-nurture.1 exited",
    );
  });

  it("says so when the contact has no owner", () => {
    const failure = check({ contact: "c1", owner: "rep-ana" }, outcome);
    expect((failure!.actual as ContactPicture).found).toBe("the contact has no owner at the end");
  });
});
