import { describe, expect, it } from "vitest";
import { upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { moveStage } from "../../../src/core/engine/stages";
import { slaEngine } from "../../helpers/sla-engine";

describe("a redelivered event and a stage set on purpose after it (memory store)", () => {
  it("promotes no more: a rejected lead set back to lead stays there when an old event is redelivered", async () => {
    const { deps, clock } = slaEngine();
    const id = "rp-1";
    await upsertContact(deps, { id, email: `${id}@example.com` });
    const demo = {
      id: "api:rp-1-demo",
      contactId: id,
      name: "demo.requested",
      at: clock.now().toISOString(),
      properties: {},
    };
    await ingestEvent(deps, demo);
    // 50 points: scoring.json promotes at 40.
    expect((await deps.store.getContact(id))!.stage).toBe("mql");
    clock.advance(3600);
    await moveStage(deps, (await deps.store.getContact(id))!, "lead", {
      by: "sla:rep-ana",
      reason: "lead rejected: not a fit",
      direction: "any",
    });
    clock.advance(60);

    expect((await ingestEvent(deps, demo)).duplicate).toBe(true);
    expect((await deps.store.getContact(id))!.stage).toBe("lead");
    expect((await deps.store.stageHistory(id)).map((change) => change.to)).toEqual(["mql", "lead"]);
  });
});
