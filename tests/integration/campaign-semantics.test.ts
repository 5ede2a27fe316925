import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenarioFiles, ScenarioSession } from "../../src/runtime/scenario";
import { namedCases } from "../helpers/named-cases";
import { copySamples } from "../helpers/workspace";

// Campaigns that do what the language says, run as scenarios (the compiled machines, the real
// handlers, the memory backend) in a copy of the samples with a few extra campaigns.
const dir = copySamples();
const workflow = (id: string, body: Record<string, unknown>) =>
  writeFileSync(
    join(dir, "workflows", `${id}.json`),
    JSON.stringify({ schemaVersion: 1, kind: "campaign", id, name: id, ...body }, null, 2),
  );

// A campaign whose only step moves the stage to sql (a webinar attendee is sales-ready).
workflow("webinar-sql", {
  enrollWhen: { event: "webinar.attended" },
  settle: "0m",
  steps: [{ id: "sales-ready", type: "setStage", stage: "sql" }],
});
// Enrolls anyone who reaches mql, however they got there.
workflow("mql-welcome", {
  enrollWhen: { stage: { atLeast: "mql" } },
  settle: "0m",
  steps: [{ id: "hello", type: "email", template: "case-study", subject: "Welcome aboard" }],
});
// The contract's own example: two /pricing views within 7 days.
workflow("pricing-interest", {
  enrollWhen: { event: "page.view", where: { path: "/pricing" }, within: "7d", count: { gte: 2 } },
  settle: "0m",
  steps: [{ id: "pricing-help", type: "email", template: "case-study", subject: "Questions about pricing?" }],
});

const contact = (id: string) => ({
  id,
  email: `${id}@example.com`,
  firstName: "Ana",
  company: "Globex",
  timezone: "America/New_York",
});

/** A scenario's expectations about one contact. */
const about = (contact: string, ...expectations: Record<string, string>[]) =>
  expectations.map((expectation) => ({ contact, ...expectation }));

/** One compile for every scenario of this file. */
const session = new ScenarioSession({ cwd: dir, backend: "memory" });

async function run(name: string, scenario: Record<string, unknown>) {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ kind: "scenario", name, start: "2026-03-02T14:00:00Z", until: "P12D", ...scenario }),
  );
  const report = await runScenarioFiles([file], { cwd: dir, backend: "memory", session });
  return report.scenarios[0]!;
}

describe("a stage change acts at once, whoever makes it", () => {
  it("a setStage step in another campaign hands the contact off mid-wait, the same minute", async () => {
    const result = await run("setstage-hands-off", {
      contacts: [contact("c1")],
      enroll: [{ contact: "c1", into: "trial-nurture" }],
      events: [{ contact: "c1", event: "webinar.attended", at: "P1DT2H" }],
      expect: about(
        "c1",
        { enrolled: "webinar-sql" },
        { stage: "sql", by: "P1DT2H" },
        { enrolled: "sdr-follow-up" },
        { sent: "sdr-follow-up/intro", before: "P1DT2H" },
        { notSent: "trial-nurture/case-study" },
        { notSent: "trial-nurture/re-engage" },
      ),
    });
    expect(result.failures, JSON.stringify(result.failures, null, 2)).toEqual([]);
  });

  it("enrolls the contact in a campaign whose enrollWhen reads the stage", async () => {
    const result = await run("setstage-enrolls", {
      contacts: [contact("c2")],
      events: [{ contact: "c2", event: "webinar.attended", at: "P1D" }],
      expect: about("c2", { enrolled: "mql-welcome" }, { sent: "mql-welcome/hello", before: "P1D" }),
    });
    expect(result.failures, JSON.stringify(result.failures, null, 2)).toEqual([]);
  });
});

describe("enrollWhen counts the contact's earlier events", () => {
  it("two /pricing views within 7 days enroll on the second view; two views 10 days apart do not", async () => {
    const view = (c: string, at: string) => ({
      contact: c,
      event: "page.view",
      properties: { path: "/pricing" },
      at,
    });
    const result = await run("pricing-views", {
      contacts: [contact("c3"), contact("c4")],
      events: [view("c3", "P1D"), view("c3", "P3D"), view("c4", "P0D"), view("c4", "P10D")],
      expect: [
        { contact: "c3", sent: "pricing-interest/pricing-help", after: "P3D", before: "P3D" },
        { contact: "c4", notEnrolled: "pricing-interest" },
      ],
    });
    expect(result.failures, JSON.stringify(result.failures, null, 2)).toEqual([]);
  });
});

/** A reply to the last email of a workflow, and what must follow it. */
interface LastEmailReply {
  name: string;
  file: string;
  contact: { id: string } & Record<string, string>;
  into: string;
  reply: { afterSent: string; delay: string };
  expect: Record<string, string>[];
}

describe("the enrollment stays open after the last email (settle)", () => {
  it.each(
    namedCases<LastEmailReply>([
      {
        name: "a reply to the last email of the drip still hands the contact off",
        file: "reply-to-last-email",
        contact: contact("c5"),
        into: "trial-nurture",
        reply: { afterSent: "trial-nurture/last-call", delay: "2h" },
        expect: [
          { sent: "trial-nurture/last-call" },
          { enrolled: "sdr-follow-up" },
          { sent: "sdr-follow-up/intro" },
          { stage: "sql" },
        ],
      },
      {
        name: "a reply to the sequence's last email stops it: no onComplete, no recycling",
        file: "reply-to-breakup",
        contact: { ...contact("c6"), owner: "rep-ana", stage: "sql" },
        into: "sdr-follow-up",
        reply: { afterSent: "sdr-follow-up/breakup", delay: "1d" },
        expect: [{ sent: "sdr-follow-up/breakup" }, { notEnrolled: "long-term-nurture" }, { stage: "sql" }],
      },
    ]),
  )("%s", async (_name, example) => {
    const id = example.contact.id;
    const result = await run(example.file, {
      contacts: [example.contact],
      enroll: [{ contact: id, into: example.into }],
      events: [{ contact: id, event: "email.reply", ...example.reply }],
      expect: about(id, ...example.expect),
    });
    expect(result.failures, JSON.stringify(result.failures, null, 2)).toEqual([]);
  });
});
