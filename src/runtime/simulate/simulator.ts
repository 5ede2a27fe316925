import { localAdminKey } from "../../adapters/http/keys";
import type { LoadOptions } from "../../compiler/load";
import type { PausePayload } from "../../core/engine/payloads";
import { Chaos } from "../chaos/chaos";
import type { ChaosOptions } from "../chaos/faults";
import { LocalRuntime, type RuntimeOptions } from "../local-runtime";
import { costOf, PRICES } from "../prices";
import { activities } from "./activity";
import { entryEvents, entryWorkflow } from "./entry";
import { collectFigures, funnelOf } from "./figures";
import { type ProspectIds, prospects } from "./prospects";
import { Reactions, SIMULATION_API_KEY } from "./reactions";
import type { SimulationReport } from "./report-model";

export interface SimulateOptions extends LoadOptions {
  contacts: number;
  seed: number;
  /**
   * The campaign (or sequence) prospects start in; default: the workspace's entry campaign (see
   * entryWorkflow). Throws UnknownWorkflowError when no workflow has this id.
   */
  workflow?: string;
  /** Virtual days to run (default 30). */
  days?: number;
  backend?: "servers" | "memory";
  /** Virtual start (default: Monday 2026-03-02, 00:00 UTC). */
  start?: string;
  /** Prospects act on a grid of this many minutes (default 60): shared instants run together. */
  gridMinutes?: number;
  /** Share of virtual time done, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** The send rate emails are paced to (default SES's 14 a second; "unlimited": unpaced). */
  sendRate?: RuntimeOptions["sendRate"];
  /** Faults injected at a rate, with the invariants checked after the run (`--chaos`). */
  chaos?: ChaosOptions;
  /** How contact ids look (see ProspectIds); default `mixed` under chaos, else `plain`. */
  contactIds?: ProspectIds;
  /** Called with the runtime before it closes (npm start --serve keeps looking at it). */
  keepOpen?: (runtime: LocalRuntime, report: SimulationReport) => Promise<void>;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const round = (n: number, digits = 6) => Number(n.toFixed(digits));

/** Synthetic prospects through the real compiled machines and handlers, on a virtual clock. */
export async function simulate(options: SimulateOptions): Promise<SimulationReport> {
  const days = options.days ?? 30;
  const start = Date.parse(options.start ?? "2026-03-02T00:00:00Z");
  const people = prospects(options.contacts, options.seed, {
    ids: options.contactIds ?? (options.chaos ? "mixed" : "plain"),
  });
  const personas = new Map(people.map((p) => [p.contact.id, p.persona]));
  let reactions: Reactions | undefined;
  const chaos = options.chaos ? new Chaos(options.chaos) : undefined;
  const rt = await LocalRuntime.start({
    ...options,
    ...(chaos ? { decorate: chaos.decorators() } : {}),
    start: new Date(start),
    backend: options.backend ?? "servers",
    onSend: (email, messageId) => reactions?.onSend(email, messageId),
    onStep: (key, payload, result) => {
      if (key === "pause") reactions?.onPause(payload as PausePayload);
      if (key !== "task") return;
      const { contactId } = payload as { contactId: string };
      reactions?.onTask(contactId, (result as { taskId: string }).taskId);
    },
  });
  const wallStart = performance.now();
  try {
    const entry = entryWorkflow(rt.deps.catalog, options.workflow);
    const workflow = entry.id;
    const grid = options.gridMinutes === undefined ? HOUR : options.gridMinutes * 60_000;
    chaos?.attach(rt);
    const pool = activities(rt.deps.catalog);
    const acting = new Reactions(rt, options.seed, personas, grid, pool, chaos?.policy());
    reactions = acting;
    const http = rt.http({ apiKeys: [localAdminKey(SIMULATION_API_KEY)], signingSecrets: [] });
    const { route } = await import("../../adapters/http/router");
    const { meterInvocation } = await import("../meters");
    const post = (path: string, body: unknown) =>
      meterInvocation(rt.usage, "api", () =>
        route(http, {
          method: "POST",
          path,
          query: {},
          headers: { "content-type": "application/json", "x-api-key": SIMULATION_API_KEY },
          body: JSON.stringify(body),
        }),
      );
    for (const p of people) {
      // The product or website reports what the prospect did, as in production (entryEvents); a
      // workflow no event enrolls in (a sequence, an API-only campaign) gets it through the API.
      const events = entryEvents(entry, p.contact, options.seed);
      const enrollment = async () => {
        if (events.length) await post("/events", { events });
        else await post("/enroll", { workflow, contact: p.contact });
        acting.onEntry(p.contact.id);
      };
      rt.schedule(start + Math.ceil(p.enrollAfter / grid) * grid, acting.reliably("an entry", enrollment));
    }
    const horizon = start + days * DAY;
    await rt.runUntil(horizon, (now) => options.onProgress?.((now - start) / (horizon - start)));
    options.onProgress?.(1);
    const usage = { ...rt.usage };
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const { perContact, steps, workflows } = await collectFigures(
      chaos?.store ?? rt.deps.store,
      rt.deps.catalog,
      people.map((p) => p.contact.id),
    );
    const n = Math.max(1, options.contacts);
    const cost = costOf({ ...usage, lambdaSeconds: usage.lambdaInvocations * PRICES.lambdaAverageSeconds });
    const per1000 = (x: number) => round((x / n) * 1000);
    const enrollments: Record<string, number> = {};
    for (const c of perContact)
      for (const [w, k] of Object.entries(c.enrollments)) enrollments[w] = (enrollments[w] ?? 0) + k;
    const report: SimulationReport = {
      contacts: options.contacts,
      emailsSent: usage.sesSends,
      ...funnelOf(rt.deps.catalog, perContact),
      steps,
      workflows,
      aws: {
        stateTransitions: usage.stateTransitions,
        lambdaInvocations: usage.lambdaInvocations,
        dynamodbReadUnits: usage.dynamodbReadUnits,
        dynamodbWriteUnits: usage.dynamodbWriteUnits,
        sesSends: usage.sesSends,
        perContact: {
          stateTransitions: round(usage.stateTransitions / n, 2),
          lambdaInvocations: round(usage.lambdaInvocations / n, 2),
          dynamodbReadUnits: round(usage.dynamodbReadUnits / n, 2),
          dynamodbWriteUnits: round(usage.dynamodbWriteUnits / n, 2),
          sesSends: round(usage.sesSends / n, 2),
        },
        costPer1000Contacts: {
          stepFunctions: per1000(cost.stepFunctions),
          lambda: per1000(cost.lambda),
          dynamodb: per1000(cost.dynamodb),
          ses: per1000(cost.ses),
          total: per1000(cost.total),
        },
      },
      run: {
        seed: options.seed,
        workflow,
        backend: options.backend ?? "servers",
        start: new Date(start).toISOString(),
        end: new Date(horizon).toISOString(),
        simulatedDays: days,
        wallSeconds: round(wallSeconds, 1),
        enrollments,
        slackPosts: rt.slack.posts.length,
        failedEnrollments: perContact.reduce((sum, c) => sum + c.failed, 0),
      },
    };
    if (chaos) {
      // Every enrollment must end: run on, past the horizon, until nothing is left to happen, with
      // nobody taking new initiatives (or a contact who keeps engaging keeps recycling).
      acting.stopActing();
      await rt.runUntil(horizon + 365 * DAY);
      const checked = await chaos.check(people.map((p) => p.contact.id));
      report.invariants = checked.breaches;
      report.chaos = { ...chaos.summary(), examples: checked.examples };
    }
    await options.keepOpen?.(rt, report);
    return report;
  } finally {
    await rt.close();
  }
}
