import type {
  AccountsReport,
  AttributionReport,
  ContactDetail,
  FunnelReport,
  SlaReport,
  StagesReport,
} from "../../src/core/reports/report-types.js";

/** Four days of trial-nurture: two email steps, one with tracked links, and its daily counts. */
export function sampleFunnelReport(workflow = "trial-nurture"): FunnelReport {
  const day = (date: string, sent: number, opened: number, clicked: number, handedOff: number) => ({
    date,
    sent,
    opened,
    clicked,
    replied: 0,
    handedOff,
  });
  return {
    workflow,
    from: "2026-03-02",
    to: "2026-03-05",
    enrolled: 200,
    active: 40,
    completed: 100,
    handedOff: 30,
    exited: 20,
    stopped: 5,
    converted: 12,
    failed: 5,
    steps: [
      {
        step: "welcome",
        sent: 200,
        delivered: 196,
        opened: 120,
        clicked: 44,
        replied: 3,
        unsubscribed: 4,
        bounced: 4,
        complained: 0,
        links: { pricing: 30, docs: 14 },
      },
      {
        step: "tips",
        sent: 150,
        delivered: 150,
        opened: 60,
        clicked: 12,
        replied: 1,
        unsubscribed: 2,
        bounced: 0,
        complained: 1,
        links: {},
      },
    ],
    daily: [
      day("2026-03-02", 120, 50, 20, 0),
      day("2026-03-03", 80, 60, 18, 10),
      day("2026-03-04", 150, 70, 18, 20),
      day("2026-03-05", 0, 0, 0, 0),
    ],
  };
}

export const sampleStagesReport = (): StagesReport => ({
  from: "2026-03-02",
  to: "2026-03-05",
  stages: { subscriber: 120, lead: 50, mql: 20, sql: 10 },
  moves: [
    { to: "subscriber", count: 200 },
    { from: "subscriber", to: "lead", count: 80 },
    { from: "lead", to: "mql", count: 30 },
  ],
});

export const sampleSlaReport = (): SlaReport => ({
  from: "2026-03-02",
  to: "2026-03-05",
  owners: [
    {
      owner: "ana",
      handoffs: 10,
      accepted: 8,
      rejected: { "not-a-fit": 1 },
      missed: 1,
      medianToAccept: 7980,
      medianToFirstTouch: 90_000,
    },
    {
      owner: "bo",
      handoffs: 2,
      accepted: 0,
      rejected: {},
      missed: 2,
      medianToAccept: null,
      medianToFirstTouch: null,
    },
  ],
});

export const sampleAccountsReport = (): AccountsReport => ({
  accounts: [
    { account: "acme.example", score: 140, stage: "sql", owner: "ana", contacts: 4, engagedContacts: 3 },
    { account: "globex.example", score: 35, contacts: 2, engagedContacts: 1 },
  ],
});

export const sampleAttributionReport = (): AttributionReport => ({
  from: "2026-03-02",
  to: "2026-03-05",
  by: "channel",
  conversions: 0,
  revenue: 0,
  models: {},
});

export const sampleContactDetail = (): ContactDetail => ({
  contact: { id: "p000001", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
  stage: "mql",
  score: 45,
  owner: "ana",
  account: "example.com",
  enrollments: [
    {
      enrollmentId: "trial-nurture.1",
      workflow: "trial-nurture",
      status: "handed-off",
      step: "handoff",
      startedAt: "2026-03-02T10:00:00.000Z",
      endedAt: "2026-03-04T09:00:00.000Z",
    },
  ],
  timeline: [
    {
      at: "2026-03-02T10:00:00.000Z",
      kind: "email.sent",
      text: "Welcome to the trial",
      workflow: "trial-nurture",
      step: "welcome",
    },
    { at: "2026-03-02T11:30:00.000Z", kind: "email.opened", text: "opened Welcome to the trial" },
    { at: "2026-03-04T09:00:00.000Z", kind: "handoff", text: "handed off to ana" },
  ],
});
