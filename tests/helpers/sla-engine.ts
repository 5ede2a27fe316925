import { CapturedSlack } from "../../src/adapters/local/captured-slack";
import { MemoryContactStore } from "../../src/adapters/local/memory-store";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import { type EngineDeps, engineDeps } from "../../src/core/engine/deps";
import { stepHandlers } from "../../src/core/engine/step-handlers";
import type { Enrollment } from "../../src/core/model";
import { RecordingControl, SettableClock, TUESDAY_MORNING } from "./engine";
import { givenEnrolled } from "./given";
import { payloadBase } from "./step-payloads";
import { REPO } from "./workspace";

const loaded = await catalogFromWorkspace({
  cwd: REPO,
  workflowsDir: "workflows",
  templatesDir: "templates",
});

/** The engine over the memory store (with its report counters), on the shipped workflows and their settings.sla. */
export function slaEngine() {
  const clock = new SettableClock(new Date(TUESDAY_MORNING));
  const control = new RecordingControl();
  const slack = new CapturedSlack({ clock });
  const store = new MemoryContactStore({ clock });
  let n = 0;
  const deps: EngineDeps = engineDeps({
    catalog: loaded,
    store,
    mailer: { send: async () => ({ messageId: `m-${++n}`, headerMessageId: `<m-${n}@example.com>` }) },
    control,
    slack,
    clock,
    ids: { next: (prefix) => `${prefix}-${++n}` },
    tokens: { current: "k1", keys: { k1: "test-secret-0123456789abcdef" } },
  });
  return { deps, clock, control, slack, store };
}

/** trial-nurture's handoff as its machine passes it: sql, round-robin, #sales-handoffs. */
export const TRIAL_HANDOFF = {
  to: "sdr-follow-up",
  setStage: "sql",
  assign: "round-robin",
  notify: { slack: "sales-handoffs" },
};

/** A contact of trial-nurture handed to sdr-follow-up by the drip's handoff step: the sequence enrollment. */
export async function handedOff(deps: EngineDeps, id: string): Promise<Enrollment> {
  const drip = await givenEnrolled(deps, id, "trial-nurture", { firstName: "Ana", company: "Globex" });
  await stepHandlers(deps).handoff({ ...payloadBase(id, drip.id), handoff: TRIAL_HANDOFF });
  return (await deps.store.listEnrollments(id, "sdr-follow-up"))[0]!;
}
