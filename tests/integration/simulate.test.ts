import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/runtime/simulate/simulator";
import { copySamples, REPO } from "../helpers/workspace";

const withoutWallTime = (report: Awaited<ReturnType<typeof simulate>>) => ({
  ...report,
  run: { ...report.run, wallSeconds: 0 },
});

describe("handoff simulate", () => {
  it("is reproducible: the same seed gives the same figures (wall time aside)", async () => {
    const a = await simulate({ cwd: REPO, contacts: 150, seed: 42, backend: "memory" });
    const b = await simulate({ cwd: REPO, contacts: 150, seed: 42, backend: "memory" });
    expect(withoutWallTime(a)).toEqual(withoutWallTime(b));
    const c = await simulate({ cwd: REPO, contacts: 150, seed: 43, backend: "memory" });
    expect(c.steps).not.toEqual(a.steps);
  });

  it("prints the contract's --json shape, from the real local servers", () => {
    const run = spawnSync(
      process.execPath,
      [join(REPO, "src/cli/bin.js"), "simulate", "--contacts", "60", "--seed", "7", "--json", "--servers"],
      {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, CI: "true" },
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ contacts: 60, run: { backend: "servers" } });
    for (const key of ["emailsSent", "handoffs"]) expect(typeof out[key]).toBe("number");
    expect(Object.keys(out.stages)).toEqual([
      "subscriber",
      "lead",
      "mql",
      "sql",
      "opportunity",
      "customer",
      "evangelist",
    ]);
    expect(Object.keys(out.steps[0]).sort()).toEqual([
      "clicked",
      "opened",
      "replied",
      "sent",
      "step",
      "unsubscribed",
      "workflow",
    ]);
    for (const key of [
      "stateTransitions",
      "lambdaInvocations",
      "dynamodbReadUnits",
      "dynamodbWriteUnits",
      "sesSends",
    ]) {
      expect(typeof out.aws[key], key).toBe("number");
    }
    expect(Object.keys(out.aws.costPer1000Contacts).sort()).toEqual([
      "dynamodb",
      "lambda",
      "ses",
      "stepFunctions",
      "total",
    ]);
    expect(out.aws.sesSends).toBe(out.emailsSent);
    expect(out.emailsSent).toBeGreaterThan(200);
  }, 120_000);
});

/** The samples without trial-nurture (and the scenarios that name it). */
function withoutTrialNurture(): string {
  const dir = copySamples();
  rmSync(join(dir, "workflows/trial-nurture.json"));
  for (const file of readdirSync(join(dir, "workflows/tests"))) {
    const path = join(dir, "workflows/tests", file);
    if (readFileSync(path, "utf8").includes("trial-nurture")) rmSync(path);
  }
  return dir;
}

/**
 * A campaign that listens to custom events everywhere: enrollWhen with a property, a waitFor, a
 * branch on a page view, an exitWhen and a handoff on events the samples do not use.
 */
const WEBINAR_SIGNUP = {
  $schema: "./schema.json",
  schemaVersion: 1,
  kind: "campaign",
  id: "webinar-signup",
  name: "Webinar sign-up",
  enrollWhen: { event: "form.submitted", where: { form: "webinar" } },
  exitWhen: { event: "trial.cancelled" },
  handoff: {
    when: { event: "quote.requested" },
    setStage: "sql",
    to: "sdr-follow-up",
    assign: "round-robin",
  },
  steps: [
    { id: "thanks", type: "email", template: "webinar-invite", subject: "See you on Thursday" },
    {
      id: "attended",
      type: "waitFor",
      event: "webinar.attended",
      timeout: "3d",
      then: "thanks-for-coming",
      else: "recording",
    },
    { id: "thanks-for-coming", type: "email", template: "customer-story", subject: "Thanks", next: "wait-1" },
    { id: "recording", type: "email", template: "benchmark-report", subject: "The recording" },
    { id: "wait-1", type: "wait", duration: "2d" },
    {
      id: "integrations",
      type: "branch",
      if: { event: "page.view", where: { path: "/integrations" } },
      then: "deep-dive",
      else: "digest",
    },
    { id: "deep-dive", type: "email", template: "case-study", subject: "Integrations", next: "wait-2" },
    { id: "digest", type: "email", template: "product-digest", subject: "What is new" },
    { id: "wait-2", type: "wait", duration: "3d" },
    { id: "last", type: "email", template: "right-person", subject: "Still the right person?" },
  ],
};

describe("handoff simulate --workflow", () => {
  it("runs the chosen workflow and what it hands off to or enrolls on completion, and no other", async () => {
    const report = await simulate({
      cwd: REPO,
      workflow: "long-term-nurture",
      contacts: 60,
      seed: 3,
      backend: "memory",
    });
    expect(report.run.workflow).toBe("long-term-nurture");
    expect(report.run.enrollments["long-term-nurture"]).toBeGreaterThanOrEqual(60);
    expect(Object.keys(report.run.enrollments).filter((w) => w !== "sdr-follow-up")).toEqual([
      "long-term-nurture",
    ]);
    expect(report.run.failedEnrollments).toBe(0);
  });

  it("simulates a workspace without trial-nurture by default: its entry campaign", async () => {
    const report = await simulate({ cwd: withoutTrialNurture(), contacts: 40, seed: 1, backend: "memory" });
    // The first by id of the campaigns with an enrollWhen that nothing hands off to.
    expect(report.run.workflow).toBe("usage-expansion");
    expect(report.run.enrollments["usage-expansion"]).toBeGreaterThanOrEqual(40);
    expect(report.emailsSent).toBeGreaterThan(0);
  });

  it("names the campaigns and sequences in one line when --workflow names none", () => {
    const run = spawnSync(
      process.execPath,
      [join(REPO, "src/cli/bin.js"), "simulate", "--workflow", "trial-nurtur", "--contacts", "5", "--memory"],
      { cwd: REPO, encoding: "utf8", env: { ...process.env, CI: "true" } },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      "handoff simulate: --workflow trial-nurtur names no campaign or sequence; there are long-term-nurture, sdr-follow-up, trial-nurture, usage-expansion, vendor-security-review, webinar-follow-up, workspace-evaluation",
    );
  });

  it("--send-rate paces the emails as a stage's send rate does (0: unpaced); a bad rate is a one-line usage error", () => {
    const run = (rate: string) =>
      spawnSync(
        process.execPath,
        [
          join(REPO, "src/cli/bin.js"),
          "simulate",
          "--contacts",
          "60",
          "--days",
          "3",
          "--memory",
          "--json",
          "--send-rate",
          rate,
        ],
        { cwd: REPO, encoding: "utf8", env: { ...process.env, CI: "true" } },
      );
    const [paced, unpaced] = [run("1"), run("0")].map((r) => {
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    });
    // Prospects that enroll at the same instant: at 1 a second, all but one first email are held.
    expect(paced.aws.lambdaInvocations).toBeGreaterThan(unpaced.aws.lambdaInvocations);
    expect(paced.emailsSent).toBeGreaterThan(0.9 * unpaced.emailsSent);
    expect(paced.run.failedEnrollments).toBe(0);
    const bad = run("fast");
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('handoff simulate: --send-rate must be a whole number, not "fast"');
  }, 120_000);

  it("has personas do the custom events the workflows listen to, so every path is taken", async () => {
    const dir = copySamples();
    writeFileSync(join(dir, "workflows/webinar-signup.json"), JSON.stringify(WEBINAR_SIGNUP));
    const statuses: Record<string, number> = {};
    const report = await simulate({
      cwd: dir,
      workflow: "webinar-signup",
      contacts: 300,
      seed: 5,
      backend: "memory",
      keepOpen: async (rt) => {
        for (let i = 1; i <= 300; i++) {
          const view = await rt.deps.store.getContactView(`p${String(i).padStart(6, "0")}`);
          for (const e of view?.enrollments ?? [])
            if (e.workflowId === "webinar-signup")
              statuses[`${e.status}:${e.reason}`] = (statuses[`${e.status}:${e.reason}`] ?? 0) + 1;
        }
      },
    });
    // Every prospect entered through the rules engine, on a form.submitted with form: webinar.
    expect(report.run.enrollments["webinar-signup"]).toBe(300);
    expect(report.run.enrollments["trial-nurture"]).toBeUndefined();
    const sent = (step: string) =>
      report.steps.find((s) => s.workflow === "webinar-signup" && s.step === step)?.sent ?? 0;
    for (const step of ["thanks-for-coming", "recording", "deep-dive", "digest"])
      expect(sent(step), step).toBeGreaterThan(0);
    expect(statuses["exited:exitWhen"], "exitWhen on trial.cancelled").toBeGreaterThan(0);
    expect(statuses["handed-off:handed to sdr-follow-up"], "handoff on quote.requested").toBeGreaterThan(0);
    expect(report.run.enrollments["sdr-follow-up"]).toBeGreaterThan(0);
  });
});

describe("npm start", () => {
  it("finishes with exit 0, a funnel with handoffs, the HTML report and the captured emails (in memory by default)", () => {
    const out = mkdtempSync(join(tmpdir(), "handoff-start-"));
    const run = spawnSync(
      process.execPath,
      [join(REPO, "src/cli/bin.js"), "start", "--contacts", "200", "--out", out],
      {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, CI: "true" },
      },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/handed off\s+\S+\s+[1-9]\d*/);
    expect(run.stdout).toContain(join(out, "report.html"));
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain('id="funnel"');
    // emails.jsonl: every email sent, one JSON object a line, without its HTML, in the order sent.
    const lines = readFileSync(join(out, "emails.jsonl"), "utf8").trimEnd().split("\n");
    const emails = lines.map((line) => JSON.parse(line));
    expect(emails.length).toBeGreaterThan(500);
    expect(run.stdout).toContain(`${emails.length} emails, one JSON line each: ${join(out, "emails.jsonl")}`);
    for (const email of emails)
      expect(Object.keys(email)).toEqual([
        "messageId",
        "to",
        "from",
        "subject",
        "workflow",
        "step",
        "contact",
        "sentAt",
      ]);
    expect(new Set(emails.map((email) => email.messageId)).size).toBe(emails.length);
    expect(emails[0]).toMatchObject({
      workflow: "trial-nurture",
      contact: expect.stringMatching(/^p\d{6}$/),
    });
    expect(emails[0].to).toMatch(/@[\w.-]+\.example$/);
    const sentAt = emails.map((email) => Date.parse(email.sentAt));
    expect(sentAt[0]).toBeGreaterThanOrEqual(Date.parse("2026-03-02T00:00:00Z"));
    expect(sentAt).toEqual([...sentAt].sort((a, b) => a - b));
    // The first 50 whole, as HTML files to open.
    const files = readdirSync(join(out, "emails")).sort();
    expect(files).toHaveLength(50);
    expect([files[0], files[49]]).toEqual(["001.html", "050.html"]);
    expect(readFileSync(join(out, "emails", "001.html"), "utf8")).toContain("<html");
  }, 120_000);
});
