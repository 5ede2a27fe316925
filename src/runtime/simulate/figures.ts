import type { Catalog } from "../../core/engine/deps";
import type { EnrollmentStatus } from "../../core/model";
import type { ContactStore } from "../../core/ports";
import type { SimulationReport, StepFigures, WorkflowOutcomes } from "./report-model";

export interface ContactFigures {
  stage: string;
  reached: number;
  handedOff: boolean;
  replied: boolean;
  unsubscribed: boolean;
  bounced: boolean;
  enrollments: Record<string, number>;
  failed: number;
}

const STEP_EVENTS: Record<string, keyof Omit<StepFigures, "workflow" | "step" | "sent">> = {
  "email.open": "opened",
  "email.click": "clicked",
  "email.reply": "replied",
  "email.unsubscribe": "unsubscribed",
};

/**
 * Reads back what happened to each contact from the store: the funnel and the per-step figures
 * come from what Handoff recorded, not from what the simulator intended.
 */
export async function collectFigures(
  store: ContactStore,
  catalog: Catalog,
  contactIds: readonly string[],
  concurrency = 48,
) {
  const stages = catalog.scoring.stages;
  const perContact: ContactFigures[] = [];
  const steps = new Map<string, StepFigures>();
  const step = (workflow: string, id: string) => {
    const key = `${workflow}/${id}`;
    let figures = steps.get(key);
    if (!figures) {
      figures = { workflow, step: id, sent: 0, opened: 0, clicked: 0, replied: 0, unsubscribed: 0 };
      steps.set(key, figures);
    }
    return figures;
  };
  const outcomes = new Map<string, WorkflowOutcomes>();
  let next = 0;
  const worker = async () => {
    while (next < contactIds.length) {
      const id = contactIds[next++]!;
      const [view, history] = await Promise.all([store.getContactView(id), store.stageHistory(id)]);
      if (!view) continue;
      const { contact, events, enrollments } = view;
      for (const send of view.sends) if (send.status === "sent") step(send.workflowId, send.stepId).sent++;
      const suppression = await store.getSuppression(contact.email);
      const reached = Math.max(stages.indexOf(contact.stage), ...history.map((h) => stages.indexOf(h.to)));
      const seen = new Set<string>();
      for (const event of events) {
        const field = STEP_EVENTS[event.name];
        if (!field || !event.workflowId || !event.stepId) continue;
        const key = `${event.workflowId}/${event.stepId}/${field}`;
        if (seen.has(key)) continue;
        seen.add(key);
        step(event.workflowId, event.stepId)[field]++;
      }
      const counts: Record<string, number> = {};
      for (const e of enrollments) {
        counts[e.workflowId] = (counts[e.workflowId] ?? 0) + 1;
        countOutcome(outcomes, e.workflowId, e.status);
      }
      perContact.push({
        stage: contact.stage,
        reached,
        handedOff: enrollments.some((e) => e.status === "handed-off"),
        replied: events.some((e) => e.name === "email.reply"),
        unsubscribed: suppression?.reason === "unsubscribed" || contact.consent.status === "unsubscribed",
        bounced: suppression?.reason === "bounced",
        enrollments: counts,
        failed: enrollments.filter((e) => e.status === "failed").length,
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const order = [...catalog.workflows.values()].flatMap((w) => w.steps.map((s) => `${w.id}/${s.id}`));
  const stepList = [...steps.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b) || a.localeCompare(b))
    .map(([, f]) => f);
  const workflows = [...outcomes.values()]
    .sort((a, b) => a.workflow.localeCompare(b.workflow))
    .map((w) => ({ ...w, conversionRate: w.enrolled ? Number((w.converted / w.enrolled).toFixed(4)) : 0 }));
  return { perContact, steps: stepList, workflows };
}

const OUTCOME_FIELD: Record<
  EnrollmentStatus,
  keyof Omit<WorkflowOutcomes, "workflow" | "enrolled" | "conversionRate">
> = {
  active: "active",
  completed: "completed",
  "handed-off": "handedOff",
  exited: "exited",
  stopped: "stopped",
  converted: "converted",
  failed: "failed",
};

function countOutcome(
  outcomes: Map<string, WorkflowOutcomes>,
  workflow: string,
  status: EnrollmentStatus,
): void {
  let o = outcomes.get(workflow);
  if (!o) {
    o = {
      workflow,
      enrolled: 0,
      active: 0,
      completed: 0,
      handedOff: 0,
      exited: 0,
      stopped: 0,
      converted: 0,
      failed: 0,
      conversionRate: 0,
    };
    outcomes.set(workflow, o);
  }
  o.enrolled++;
  o[OUTCOME_FIELD[status]]++;
}

export function funnelOf(
  catalog: Catalog,
  perContact: ContactFigures[],
): Pick<SimulationReport, "stages" | "funnel" | "handoffs"> {
  const stages = catalog.scoring.stages;
  const atEnd = Object.fromEntries(stages.map((s) => [s, 0]));
  const reachedStage = Object.fromEntries(stages.map((s) => [s, 0]));
  for (const c of perContact) {
    atEnd[c.stage] = (atEnd[c.stage] ?? 0) + 1;
    stages.forEach((s, i) => {
      if (c.reached >= i) reachedStage[s]!++;
    });
  }
  const handedOff = perContact.filter((c) => c.handedOff).length;
  return {
    stages: atEnd,
    handoffs: handedOff,
    funnel: {
      enrolled: perContact.length,
      reachedStage,
      handedOff,
      replied: perContact.filter((c) => c.replied).length,
      unsubscribed: perContact.filter((c) => c.unsubscribed).length,
      bounced: perContact.filter((c) => c.bounced).length,
    },
  };
}
