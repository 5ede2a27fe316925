import type { Catalog } from "../../core/engine/deps";
import type {
  EngagementEvent,
  EnrollmentStatus,
  SendRecord,
  StageChange,
  Suppression,
} from "../../core/model";
import type { ContactStore, ContactView } from "../../core/ports";
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

/** What the store recorded about the simulated contacts: per contact, per step, per workflow. */
export interface StoreFigures {
  perContact: ContactFigures[];
  steps: StepFigures[];
  workflows: WorkflowOutcomes[];
}

const STEP_EVENTS: Record<string, keyof Omit<StepFigures, "workflow" | "step" | "sent">> = {
  "email.open": "opened",
  "email.click": "clicked",
  "email.reply": "replied",
  "email.unsubscribe": "unsubscribed",
};

/** The per-step figures, one row per (workflow, step), as contacts are read back. */
class StepTally {
  private readonly rows = new Map<string, StepFigures>();

  private row(workflow: string, step: string): StepFigures {
    const key = `${workflow}/${step}`;
    let figures = this.rows.get(key);
    if (!figures) {
      figures = { workflow, step, sent: 0, opened: 0, clicked: 0, replied: 0, unsubscribed: 0 };
      this.rows.set(key, figures);
    }
    return figures;
  }

  countSends(sends: readonly SendRecord[]): void {
    for (const send of sends) if (send.status === "sent") this.row(send.workflowId, send.stepId).sent++;
  }

  /** Counts one contact's engagement with each step once (a second open of an email is not another). */
  countEvents(events: readonly EngagementEvent[]): void {
    const seen = new Set<string>();
    for (const event of events) {
      const field = STEP_EVENTS[event.name];
      if (!field || !event.workflowId || !event.stepId) continue;
      const key = `${event.workflowId}/${event.stepId}/${field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.row(event.workflowId, event.stepId)[field]++;
    }
  }

  /** The rows in the order of the workflows' steps, then by name. */
  sorted(catalog: Catalog): StepFigures[] {
    const order = [...catalog.workflows.values()].flatMap((workflow) =>
      workflow.steps.map((step) => `${workflow.id}/${step.id}`),
    );
    return [...this.rows.entries()]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b) || a.localeCompare(b))
      .map(([, figures]) => figures);
  }
}

export interface CollectOptions {
  store: ContactStore;
  catalog: Catalog;
  contactIds: readonly string[];
  /** Contacts read at once (default 48). */
  concurrency?: number;
}

/**
 * Reads back what happened to each contact from the store: the funnel and the per-step figures
 * come from what Handoff recorded, not from what the simulator intended.
 */
export async function collectFigures(options: CollectOptions): Promise<StoreFigures> {
  const { store, catalog, contactIds } = options;
  const stages = catalog.scoring.stages;
  const perContact: ContactFigures[] = [];
  const steps = new StepTally();
  const outcomes = new Map<string, WorkflowOutcomes>();
  let next = 0;
  const worker = async () => {
    while (next < contactIds.length) {
      const id = contactIds[next++]!;
      const [view, history] = await Promise.all([store.getContactView(id), store.stageHistory(id)]);
      if (!view) continue;
      steps.countSends(view.sends);
      const suppression = await store.getSuppression(view.contact.email);
      steps.countEvents(view.events);
      for (const enrollment of view.enrollments)
        countOutcome(outcomes, enrollment.workflowId, enrollment.status);
      perContact.push(contactFigures({ view, history, suppression, stages }));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 48 }, worker));
  const workflows = [...outcomes.values()]
    .sort((a, b) => a.workflow.localeCompare(b.workflow))
    .map((counted) => ({
      ...counted,
      conversionRate: counted.enrolled ? Number((counted.converted / counted.enrolled).toFixed(4)) : 0,
    }));
  return { perContact, steps: steps.sorted(catalog), workflows };
}

/** One contact's figures from its view, its stage history and its address's suppression. */
function contactFigures(read: {
  view: ContactView;
  history: StageChange[];
  suppression: Suppression | undefined;
  stages: readonly string[];
}): ContactFigures {
  const { view, history, suppression, stages } = read;
  const { contact, events, enrollments } = view;
  const counts: Record<string, number> = {};
  for (const enrollment of enrollments)
    counts[enrollment.workflowId] = (counts[enrollment.workflowId] ?? 0) + 1;
  return {
    stage: contact.stage,
    reached: Math.max(stages.indexOf(contact.stage), ...history.map((change) => stages.indexOf(change.to))),
    handedOff: enrollments.some((enrollment) => enrollment.status === "handed-off"),
    replied: events.some((event) => event.name === "email.reply"),
    unsubscribed: suppression?.reason === "unsubscribed" || contact.consent.status === "unsubscribed",
    bounced: suppression?.reason === "bounced",
    enrollments: counts,
    failed: enrollments.filter((enrollment) => enrollment.status === "failed").length,
  };
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
  let counted = outcomes.get(workflow);
  if (!counted) {
    counted = {
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
    outcomes.set(workflow, counted);
  }
  counted.enrolled++;
  counted[OUTCOME_FIELD[status]]++;
}

export function funnelOf(
  catalog: Catalog,
  perContact: ContactFigures[],
): Pick<SimulationReport, "stages" | "funnel" | "handoffs"> {
  const stages = catalog.scoring.stages;
  const atEnd = Object.fromEntries(stages.map((stage) => [stage, 0]));
  const reachedStage = Object.fromEntries(stages.map((stage) => [stage, 0]));
  for (const contact of perContact) {
    atEnd[contact.stage] = (atEnd[contact.stage] ?? 0) + 1;
    stages.forEach((stage, i) => {
      if (contact.reached >= i) reachedStage[stage]!++;
    });
  }
  const handedOff = perContact.filter((contact) => contact.handedOff).length;
  return {
    stages: atEnd,
    handoffs: handedOff,
    funnel: {
      enrolled: perContact.length,
      reachedStage,
      handedOff,
      replied: perContact.filter((contact) => contact.replied).length,
      unsubscribed: perContact.filter((contact) => contact.unsubscribed).length,
      bounced: perContact.filter((contact) => contact.bounced).length,
    },
  };
}
