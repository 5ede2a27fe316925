import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { timeoutSeconds } from "../../src/cli/commands/smoke";
import { causeOfReason, FAILURE_CAUSES, FIXES } from "../../src/cli/smoke/causes";
import { enrollmentIn, failureReason, has, skippedReason } from "../../src/cli/smoke/contact-state";
import { newSmokeRun, SMOKE_CHECK_IDS, smokeContact } from "../../src/cli/smoke/plan";
import { smokeProgress } from "../../src/cli/smoke/progress";
import { formatSmokeReport, smokeReportJson } from "../../src/cli/smoke/report";
import { type CheckResult, smokeReport } from "../../src/cli/smoke/result";
import { pollInterval, SmokeInterrupted, waitFor } from "../../src/cli/smoke/wait";
import { UsageError } from "../../src/cli/usage";
import type { ContactDetail } from "../../src/core/reports/report-types";
import { SIMULATOR_OUTCOMES, simulatorOutcome } from "../../src/core/smoke";

/** `text` without colour (FORCE_COLOR may be set where the tests run). */
const plain = stripVTControlCharacters;

describe("the smoke run's names", () => {
  const run = newSmokeRun(new Date("2026-03-02T10:15:07.123Z"), "a1b2");

  it("names the run handoff-smoke-<utc stamp>-<4 random>, and each contact after it", () => {
    expect(run.id).toBe("handoff-smoke-20260302T101507Z-a1b2");
    expect(smokeContact(run, "delivery", "success")).toEqual({
      id: "handoff-smoke-20260302T101507Z-a1b2-delivery",
      email: "success+20260302t101507z-a1b2-delivery@simulator.amazonses.com",
    });
  });

  it("gives every check and outcome a simulator address SES takes (a local part of 64 characters at most)", () => {
    for (const check of SMOKE_CHECK_IDS)
      for (const outcome of SIMULATOR_OUTCOMES) {
        const { email } = smokeContact(run, check, outcome, "from");
        expect(simulatorOutcome(email), email).toBe(outcome);
        expect(email.split("@")[0]!.length, email).toBeLessThanOrEqual(64);
      }
  });

  it("draws a new random part for each run", () => {
    expect(newSmokeRun().id).toMatch(/^handoff-smoke-\d{8}T\d{6}Z-[0-9a-f]{4}$/);
  });
});

describe("what to do when a check fails", () => {
  it("tells SES's refusals, MAIL FROM and missing permissions from a reason; else the check's own cause", () => {
    const otherwise = { otherwise: "execution-failed" as const };
    const cases: Array<[string, string]> = [
      ["SES SendEmail failed: MessageRejected: Email address is not verified.", "sending-refused"],
      ["SES SendEmail failed: MailFromDomainNotVerifiedException: …", "mail-from"],
      ["AccessDeniedException: not authorized to perform states:StartExecution", "permission"],
      ["States.Timeout", "execution-failed"],
    ];
    for (const [reason, cause] of cases) expect(causeOfReason(reason, otherwise), reason).toBe(cause);
    expect(causeOfReason("AccessDeniedException", { otherwise: "api", permission: "start-execution" })).toBe(
      "start-execution",
    );
  });

  it("has a fix for every cause, naming the step of docs/deploy.md where one sets the thing up", () => {
    for (const cause of FAILURE_CAUSES) expect(FIXES[cause].length, cause).toBeGreaterThan(40);
    expect(FIXES["sending-refused"]).toMatch(/sandbox.*production access/);
    expect(FIXES.receiving).toContain("set-active-receipt-rule-set");
    expect(FIXES["links-domain"]).toContain("linksCertificateArn");
  });
});

describe("what a check reads from a contact", () => {
  const contact = {
    contact: { id: "c", email: "success@simulator.amazonses.com" },
    stage: "lead",
    score: 0,
    enrollments: [
      { enrollmentId: "e1", workflow: "handoff-smoke", status: "failed", startedAt: "t", reason: "boom" },
      { enrollmentId: "e2", workflow: "handoff-smoke", status: "active", step: "smoke-hold", startedAt: "t" },
    ],
    timeline: [
      { at: "t", kind: "email.sent", text: "Sent", workflow: "handoff-smoke", step: "smoke-first" },
      { at: "t", kind: "email.skipped", text: "Did not send 'x': suppressed" },
    ],
  } as ContactDetail;

  it("finds entries by kind and place, the latest enrollment of a workflow, and why one failed", () => {
    expect(has(contact, "email.sent", { workflow: "handoff-smoke", step: "smoke-first" })).toBe(true);
    expect(has(contact, "email.sent", { step: "smoke-after-hold" })).toBe(false);
    expect(enrollmentIn(contact, "handoff-smoke")?.enrollmentId).toBe("e2");
    expect(failureReason(contact)).toBe("boom");
    expect(skippedReason(contact)).toContain("suppressed");
    expect(has(undefined, "email.sent")).toBe(false);
  });
});

describe("waiting for the stage", () => {
  const budget = (deadline: number, signal = new AbortController().signal) => ({
    deadline,
    interval: 1,
    signal,
  });

  it("reads until the value passes, or gives the last value once the deadline passed", async () => {
    let reads = 0;
    const read = async () => ++reads;
    expect(await waitFor(read, (n) => n === 3, budget(Number.POSITIVE_INFINITY))).toEqual({
      value: 3,
      met: true,
    });
    expect(await waitFor(read, () => false, budget(0))).toEqual({ value: 4, met: false });
  });

  it("ends with SmokeInterrupted when the run is interrupted", async () => {
    const controller = new AbortController();
    const waiting = waitFor(
      async () => 0,
      () => false,
      budget(Number.POSITIVE_INFINITY, controller.signal),
    );
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(SmokeInterrupted);
  });

  it("asks about 60 times per deadline, between 0.2 and 2 s apart", () => {
    expect([pollInterval(1), pollInterval(30), pollInterval(180), pollInterval(3600)]).toEqual([
      200, 500, 2000, 2000,
    ]);
  });

  it("takes --timeout in whole seconds from 1 to 3600, else a usage error", () => {
    expect(timeoutSeconds("180")).toBe(180);
    for (const bad of ["0", "-1", "1.5", "3601", "soon"])
      expect(() => timeoutSeconds(bad)).toThrow(UsageError);
  });
});

describe("the smoke report", () => {
  const checks: CheckResult[] = [
    { id: "delivery", status: "pass", detail: "sent, and SES's delivery event came back", seconds: 3.14 },
    {
      id: "bounce",
      status: "fail",
      detail: "no bounce came back within 20 s",
      fix: FIXES["ses-events"],
      seconds: 20,
    },
    { id: "reply", status: "skip", detail: "this stage handles no replies", seconds: 1 },
  ];
  const report = smokeReport("handoff-smoke-20260302T101507Z-a1b2", "https://api.example.com", checks, 4);

  it("counts the checks by status", () => {
    expect(report).toMatchObject({ passed: 1, failed: 1, skipped: 1, erased: 4 });
  });

  it("prints a line per check, what to do under a failure, and a summary", () => {
    const text = plain(formatSmokeReport(report));
    expect(text).toContain("Smoke test of https://api.example.com (run handoff-smoke-20260302T101507Z-a1b2)");
    expect(text).toMatch(/✓ delivery +sent, and SES's delivery event came back \(3\.1 s\)/);
    expect(text).toMatch(
      /✗ bounce +no bounce came back within 20 s \(20\.0 s\)\n +what to do: SES took the email/,
    );
    expect(text).toMatch(/– reply +this stage handles no replies/);
    expect(text).toContain("✗ 1 failed: 1 passed, 1 failed, 1 skipped; 4 smoke contacts erased");
  });

  it("prints --json as { run, api, checks: [{ id, status, detail, fix?, seconds }], passed, failed, skipped, erased }", () => {
    const json = JSON.parse(smokeReportJson(report));
    expect(Object.keys(json)).toEqual(["run", "api", "checks", "passed", "failed", "skipped", "erased"]);
    expect(json.checks[1]).toEqual({
      id: "bounce",
      status: "fail",
      detail: checks[1]!.detail,
      fix: checks[1]!.fix,
      seconds: 20,
    });
  });
});

describe("the smoke run's progress", () => {
  it("writes a line as each check ends, without its fix (the report prints that once)", () => {
    const stream = new PassThrough();
    const progress = smokeProgress(["delivery", "bounce"], stream);
    progress.ended({
      id: "bounce",
      status: "fail",
      detail: "no bounce came back",
      fix: "do this",
      seconds: 2,
    });
    progress.stop();
    expect(plain(String(stream.read()))).toBe("✗ bounce           no bounce came back (2.0 s)\n");
  });
});
