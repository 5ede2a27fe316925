/**
 * STAND-INS for the read routes the other parts of issue 14 are building in their worktrees
 * (readapi: /reports/*, /contacts, /contacts/{id}, /tasks; sla: /leads/{id}/accept|reject, the
 * "accept" tasks; accounts: /reports/accounts), answering the contract's shapes
 * (src/core/reports/report-types.ts) from the simulated store by reading every contact, which
 * the real routes never do. Only tests/browser/dashboard.test.ts uses them, and only for a route
 * the router does not have: the coordinator deletes this file once those parts are merged.
 */
import { authenticate } from "../../src/adapters/http/auth";
import { grants, type Scope } from "../../src/adapters/http/scopes";
import {
  type HttpDeps,
  type HttpRequest,
  type HttpResponse,
  json,
  problem,
} from "../../src/adapters/http/types";
import type { ContactView } from "../../src/core/contact-store";
import {
  DAILY_METRICS,
  type DailyFunnel,
  ENDINGS,
  type FunnelReport,
  type InboxTask,
  type StagesReport,
  type TimelineEntry,
} from "../../src/core/reports/report-types";

type Answer = (request: HttpRequest, match: string[]) => Promise<HttpResponse>;

/** The stand-ins' world: every contact's view, read once the simulation is over, and the leads answered since. */
export class ReadApiStandIns {
  readonly answered = new Map<string, "accepted" | "rejected">();
  private readonly routes: Array<[string, RegExp, Scope, Answer]> = [
    ["GET", /^\/reports\/funnel$/, "viewer", (r) => this.funnel(r.query.workflow ?? "")],
    ["GET", /^\/reports\/stages$/, "viewer", () => this.stages()],
    ["GET", /^\/reports\/attribution$/, "viewer", async (r) => json(200, this.attribution(r.query.by))],
    ["GET", /^\/reports\/sla$/, "viewer", async () => json(200, { ...RANGE, owners: [] })],
    ["GET", /^\/reports\/accounts$/, "viewer", async () => json(200, this.accounts())],
    ["GET", /^\/contacts$/, "viewer", (r) => this.byEmail(r.query.email ?? "")],
    ["GET", /^\/contacts\/([^/]+)$/, "viewer", async (_r, m) => this.detail(decodeURIComponent(m[1]!))],
    ["GET", /^\/tasks$/, "viewer", (r) => this.tasks(r.query.owner ?? "", r.query.status ?? "open")],
    ["POST", /^\/leads\/([^/]+)\/(accept|reject)$/, "rep", async (_r, m) => this.answer(m[1]!, m[2]!)],
  ];

  constructor(
    private readonly deps: HttpDeps,
    private readonly views: ContactView[],
  ) {}

  /** The stand-in's answer, or undefined when it has no route for the request (the router answers). */
  async respond(request: HttpRequest): Promise<HttpResponse | undefined> {
    for (const [method, pattern, scope, run] of this.routes) {
      const match = pattern.exec(request.path);
      if (!match || method !== request.method) continue;
      const who = await authenticate(this.deps, request);
      if (!who.ok) return problem(401, "unauthenticated", who.reason);
      if (!grants(who.caller.scope, scope))
        return problem(403, "forbidden", `needs a key with scope ${scope}`);
      return run(request, match);
    }
    return undefined;
  }

  private async funnel(workflowId: string): Promise<HttpResponse> {
    const workflow = this.deps.engine.catalog.workflows.get(workflowId);
    if (!workflow) return problem(400, "invalid-request", `workflow: no workflow ${workflowId}`);
    const report = emptyFunnel(
      workflowId,
      workflow.steps.filter((s) => s.type === "email").map((s) => s.id),
    );
    for (const view of this.views) countContact(report, view, workflowId);
    return json(200, report);
  }

  private async stages(): Promise<HttpResponse> {
    const stages = Object.fromEntries(this.deps.engine.catalog.scoring.stages.map((s) => [s, 0]));
    const moves = new Map<string, { from?: string; to: string; count: number }>();
    for (const view of this.views) {
      stages[view.contact.stage] = (stages[view.contact.stage] ?? 0) + 1;
      for (const change of await this.deps.engine.store.stageHistory(view.contact.id)) {
        const key = `${change.from ?? ""}>${change.to}`;
        const move = moves.get(key) ?? {
          ...(change.from ? { from: change.from } : {}),
          to: change.to,
          count: 0,
        };
        moves.set(key, { ...move, count: move.count + 1 });
      }
    }
    const report: StagesReport = { ...RANGE, stages, moves: [...moves.values()] };
    return json(200, report);
  }

  private attribution(by = "channel") {
    return { ...RANGE, by, conversions: 0, revenue: 0, models: {} };
  }

  private accounts() {
    const byAccount = new Map<
      string,
      { account: string; score: number; contacts: number; engagedContacts: number }
    >();
    for (const { contact, events } of this.views) {
      const account = contact.account ?? contact.company ?? contact.email.split("@")[1]!;
      const row = byAccount.get(account) ?? { account, score: 0, contacts: 0, engagedContacts: 0 };
      row.score += contact.score ?? 0;
      row.contacts += 1;
      row.engagedContacts += events.some((e) => e.name === "email.click" || e.name === "email.reply") ? 1 : 0;
      byAccount.set(account, row);
    }
    return { accounts: [...byAccount.values()].sort((a, b) => b.score - a.score).slice(0, 25) };
  }

  private async byEmail(email: string): Promise<HttpResponse> {
    const contact = await this.deps.engine.store.findContactByEmail(email);
    const contacts = contact
      ? [{ id: contact.id, email: contact.email, name: contact.firstName, stage: contact.stage, score: 0 }]
      : [];
    return json(200, { contacts });
  }

  private detail(contactId: string): HttpResponse {
    const view = this.views.find((v) => v.contact.id === contactId);
    if (!view) return problem(404, "not-found", `no contact ${contactId}`);
    const { contact, enrollments } = view;
    return json(200, {
      contact: {
        id: contact.id,
        email: contact.email,
        firstName: contact.firstName,
        company: contact.company,
      },
      stage: contact.stage,
      score: contact.score ?? 0,
      owner: contact.owner,
      enrollments: enrollments.map((e) => ({
        enrollmentId: e.id,
        workflow: e.workflowId,
        status: e.status,
        step: e.currentStep,
        startedAt: e.startedAt,
        endedAt: e.endedAt,
        reason: e.reason,
      })),
      timeline: timelineOf(view),
    });
  }

  /** The owner's rep tasks, and (as the sla part will) an "accept" task per handed-off lead not answered yet. */
  private async tasks(owner: string, status: string): Promise<HttpResponse> {
    const stored = await this.deps.engine.store.listTasks(owner);
    const tasks: InboxTask[] = stored.map((t) => ({
      taskId: t.id,
      contactId: t.contactId,
      title: t.title,
      kind: t.task,
      due: t.deadline,
      status: t.status,
    }));
    for (const { contact, enrollments } of this.views)
      if (contact.owner === owner && enrollments.some((e) => e.status === "handed-off"))
        tasks.unshift({
          taskId: `accept-${contact.id}`,
          contactId: contact.id,
          title: `Accept or reject ${contact.firstName ?? contact.email}`,
          kind: "accept",
          due: "2026-04-01T00:00:00.000Z",
          status: this.answered.has(contact.id) ? "completed" : "open",
        });
    return json(200, { tasks: tasks.filter((t) => status === "all" || t.status === status) });
  }

  private answer(contactId: string, answer: string): HttpResponse {
    const status = answer === "accept" ? "accepted" : "rejected";
    this.answered.set(decodeURIComponent(contactId), status);
    return json(200, { status });
  }
}

/** The stand-in reports' period: the simulated month. */
const RANGE = { from: "2026-03-02", to: "2026-03-31" };

function emptyFunnel(workflow: string, steps: string[]): FunnelReport {
  const days: DailyFunnel[] = [];
  for (let t = Date.parse(RANGE.from); t <= Date.parse(RANGE.to); t += 86_400_000)
    days.push({
      date: new Date(t).toISOString().slice(0, 10),
      ...(Object.fromEntries(DAILY_METRICS.map((m) => [m, 0])) as Omit<DailyFunnel, "date">),
    });
  const zero = {
    sent: 0,
    delivered: 0,
    opened: 0,
    clicked: 0,
    replied: 0,
    unsubscribed: 0,
    bounced: 0,
    complained: 0,
  };
  return {
    ...{ workflow, ...RANGE, enrolled: 0, active: 0, completed: 0, handedOff: 0, exited: 0, stopped: 0 },
    ...{ converted: 0, failed: 0 },
    steps: steps.map((step) => ({ step, ...zero, links: {} })),
    daily: days,
  };
}

/** Enrollment status → the funnel's field: ENDINGS inverted, and the active ones. */
const ENDING_OF: Record<string, keyof FunnelReport> = {
  active: "active",
  ...Object.fromEntries(Object.entries(ENDINGS).map(([name, status]) => [status, name])),
};
const EVENT_METRIC: Record<
  string,
  "opened" | "clicked" | "replied" | "unsubscribed" | "bounced" | "complained"
> = {
  "email.open": "opened",
  "email.click": "clicked",
  "email.reply": "replied",
  "email.unsubscribe": "unsubscribed",
  "email.bounce": "bounced",
  "email.complaint": "complained",
};

/** Adds one contact's enrollments, sends and email events in `workflowId` to the report (unique per email). */
function countContact(report: FunnelReport, view: ContactView, workflowId: string): void {
  const day = (iso: string) => report.daily.find((d) => d.date === iso.slice(0, 10));
  for (const e of view.enrollments.filter((e) => e.workflowId === workflowId)) {
    report.enrolled += 1;
    (report[ENDING_OF[e.status]!] as number) += 1;
    if (e.status === "handed-off" && e.endedAt) day(e.endedAt)!.handedOff += 1;
  }
  for (const send of view.sends.filter((s) => s.workflowId === workflowId && s.status === "sent")) {
    const step = report.steps.find((s) => s.step === send.stepId);
    if (step) {
      step.sent += 1;
      step.delivered += 1;
    }
    const daily = day(send.sentAt ?? send.claimedAt);
    if (daily) daily.sent += 1;
  }
  const seen = new Set<string>();
  for (const event of view.events.filter((e) => e.workflowId === workflowId && EVENT_METRIC[e.name])) {
    const metric = EVENT_METRIC[event.name]!;
    const key = `${event.enrollmentId}/${event.stepId}/${metric}`;
    const step = report.steps.find((s) => s.step === event.stepId);
    if (seen.has(key) || !step) continue;
    seen.add(key);
    step[metric] += 1;
    const daily = day(event.at);
    if (daily && (DAILY_METRICS as readonly string[]).includes(metric)) daily[metric as "opened"] += 1;
  }
}

function timelineOf(view: ContactView): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...view.sends
      .filter((s) => s.status === "sent")
      .map((s) => ({
        at: s.sentAt ?? s.claimedAt,
        kind: "email.sent",
        text: `email ${s.stepId} sent`,
        workflow: s.workflowId,
        step: s.stepId,
      })),
    ...view.events.map((e) => ({
      at: e.at,
      kind: e.name,
      text: e.name.replace(".", " "),
      ...(e.workflowId ? { workflow: e.workflowId } : {}),
      ...(e.stepId ? { step: e.stepId } : {}),
    })),
    ...view.enrollments.map((e) => ({
      at: e.startedAt,
      kind: "enrolled",
      text: `enrolled in ${e.workflowId}`,
      workflow: e.workflowId,
    })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
