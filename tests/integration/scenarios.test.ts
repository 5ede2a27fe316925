import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ContactPicture,
  defaultScenarioFiles,
  reportJson,
  runScenarioFiles,
  type TestReport,
} from "../../src/runtime/scenario";
import { handoff } from "../helpers/cli";
import { REPO } from "../helpers/workspace";

/**
 * Shipped scenarios that state what SHOULD happen but fail because of a known engine bug, with the
 * expectations that fail. When the bug is fixed the test below fails: remove the entry.
 */
const KNOWN_ENGINE_BUGS: Record<string, unknown[]> = {};

const shipped = defaultScenarioFiles({ cwd: REPO });

describe("handoff test on the shipped scenarios", () => {
  // One run for all of them, as `handoff test` runs them: one compile, one servers thread.
  let report: TestReport;
  beforeAll(async () => {
    report = await runScenarioFiles(shipped, { cwd: REPO, backend: "servers" });
  }, 900_000);

  it("ships at least 12 scenarios in workflows/tests", () => {
    expect(shipped.length).toBeGreaterThanOrEqual(12);
  });

  it.each(shipped)("%s: every expectation holds (known engine bugs aside)", (file) => {
    const scenario = report.scenarios.find((run) => run.file === file)!;
    const known = KNOWN_ENGINE_BUGS[file];
    if (known) {
      expect(scenario.failures.map((f) => f.expect)).toEqual(known);
      return;
    }
    expect(scenario.failures, JSON.stringify(scenario.failures, null, 2)).toEqual([]);
    expect(scenario.ok).toBe(true);
  });

  it("reports them in exactly the contract's --json shape", () => {
    const out = JSON.parse(reportJson(report));
    expect(Object.keys(out)).toEqual(["ok", "scenarios"]);
    expect(out.scenarios).toHaveLength(shipped.length);
    for (const s of out.scenarios) expect(Object.keys(s)).toEqual(["name", "ok", "failures"]);
  });

  it("prints byte-identical --json for the same scenario twice, and exits 0", () => {
    const args = ["test", "--json", "workflows/tests/rep-task-completed-early.json"];
    const first = handoff(args);
    const second = handoff(args);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(first.stdout)).toEqual({
      ok: true,
      scenarios: [{ name: "A call made early moves the sequence on at once", ok: true, failures: [] }],
    });
  }, 60_000);
});

const FAILING = {
  kind: "scenario",
  name: "Deliberately wrong: Nia never engages, yet we expect the case study and a handoff",
  start: "2026-03-02T14:00:00Z",
  until: "P4D",
  contacts: [{ id: "nia", email: "nia.brown@example.com", firstName: "Nia", timezone: "America/New_York" }],
  enroll: [{ contact: "nia", into: "trial-nurture" }],
  events: [
    { contact: "nia", event: "email.open", afterSent: "trial-nurture/welcome", delay: "1h" },
    { contact: "nia", event: "email.click", link: "pricing", afterSent: "trial-nurture/case-study" },
  ],
  expect: [
    { contact: "nia", sent: "trial-nurture/welcome", before: "PT0S" },
    { contact: "nia", sent: "trial-nurture/case-study" },
    { contact: "nia", emails: { gte: 10 } },
    { contact: "nia", stage: "sql", by: "P1D" },
    { slack: "sales-handoffs", count: 1 },
  ],
};

describe("handoff test on a failing scenario", () => {
  const dir = mkdtempSync(join(tmpdir(), "handoff-scenario-"));
  const file = join(dir, "failing.json");
  writeFileSync(file, JSON.stringify(FAILING, null, 2));

  it("reports each failed expectation with what really happened, the same way every time", async () => {
    const first = await runScenarioFiles([file], { cwd: REPO, backend: "memory" });
    expect(first.ok).toBe(false);
    const [scenario] = first.scenarios;
    expect(scenario!.failures.map((f) => f.expect)).toEqual(FAILING.expect.slice(1));
    const caseStudy = scenario!.failures[0]!.actual as ContactPicture;
    expect(caseStudy.contact).toBe("nia");
    expect(caseStudy.found).toBe("trial-nurture/case-study never went out");
    expect(caseStudy.enrollments).toEqual(["trial-nurture.1: active"]);
    expect(caseStudy.timeline).toEqual([
      "2026-03-02T14:00Z Mon +0m  enrolled in trial-nurture as trial-nurture.1",
      "2026-03-02T14:00Z Mon +0m  sent trial-nurture/welcome · Mon 09:00 America/New_York",
      "2026-03-02T15:00Z Mon +1h  email.open on trial-nurture/welcome",
      "2026-03-03T14:00Z Tue +1d  sent trial-nurture/first-steps · Tue 09:00 America/New_York",
      "2026-03-05T14:00Z Thu +3d  sent trial-nurture/re-engage · Thu 09:00 America/New_York",
      "2026-03-06T14:00Z Fri +4d  note: email.click after trial-nurture/case-study did not happen: that email never went out",
    ]);
    expect((scenario!.failures[1]!.actual as ContactPicture).found).toBe(
      "3 emails (trial-nurture/welcome, trial-nurture/first-steps, trial-nurture/re-engage), expected ≥ 10",
    );
    expect((scenario!.failures[2]!.actual as ContactPicture).found).toBe(
      "stage at 2026-03-03T14:00Z Tue +1d was 'subscriber'",
    );
    expect(scenario!.failures[3]!.actual).toEqual({
      slack: "sales-handoffs",
      found: "0 posts to sales-handoffs, expected exactly 1",
      posts: [],
    });
    const again = await runScenarioFiles([file], { cwd: REPO, backend: "memory" });
    expect(reportJson(again)).toBe(reportJson(first));
  });

  it("exits 1 from the command line and prints the failures", () => {
    const run = handoff(["test", "--memory", file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ ${FAILING.name}`);
    expect(run.stdout).toContain("trial-nurture/case-study never went out");
    expect(run.stdout).toContain("sent trial-nurture/re-engage · Thu 09:00 America/New_York");
    expect(run.stdout).toContain("1 scenario: 0 passed, 1 failed");
  }, 60_000);

  it("reports an invalid scenario file with the validator's findings, without running it", async () => {
    const invalid = join(dir, "invalid.json");
    const broken = { ...FAILING, expect: [{ contact: "nobody", sent: "trial-nurture/welcom" }] };
    writeFileSync(invalid, JSON.stringify(broken, null, 2));
    const report = await runScenarioFiles([invalid], { cwd: REPO });
    expect(report.ok).toBe(false);
    const actual = report.scenarios[0]!.failures[0]!.actual as { violations: Array<{ code: string }> };
    expect(actual.violations.map((v) => v.code).sort()).toEqual(["unknown-contact", "unknown-step"]);
  });
});
