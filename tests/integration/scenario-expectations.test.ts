import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ContactPicture, runScenarioFiles } from "../../src/runtime/scenario";
import { REPO } from "../helpers/workspace";

const dir = mkdtempSync(join(tmpdir(), "handoff-scenario-expectations-"));

/**
 * The shipped reply handoff (Marco replies to the getting-started email) with other expectations;
 * his new owner accepts the lead an hour after the intro, within the SLA, so the owner stays.
 */
function replyHandoff(name: string, expectations: Array<Record<string, unknown>>): string {
  const scenario = JSON.parse(readFileSync(join(REPO, "workflows/tests/reply-handoff.json"), "utf8"));
  const accepted = {
    contact: "marco",
    event: "lead.accepted",
    afterSent: "sdr-follow-up/intro",
    delay: "1h",
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ ...scenario, events: [...scenario.events, accepted], expect: expectations }, null, 2),
  );
  return file;
}

describe("the enrollment-status and owner expectations", () => {
  it("hold for the contact's latest enrollment in a workflow and its owner at the end", async () => {
    const file = replyHandoff("holds", [
      { contact: "marco", enrollment: "trial-nurture", status: "handed-off" },
      { contact: "marco", enrollment: "sdr-follow-up", status: "active" },
      { contact: "marco", owner: "rep-ana" },
    ]);
    const report = await runScenarioFiles([file], { cwd: REPO, backend: "memory" });
    expect(report.scenarios[0]!.failures, JSON.stringify(report.scenarios[0]!.failures, null, 2)).toEqual([]);
  });

  it("fail with what was found, and the contact's picture", async () => {
    const wrong = [
      { contact: "marco", enrollment: "trial-nurture", status: "completed" },
      { contact: "marco", enrollment: "long-term-nurture", status: "active" },
      { contact: "marco", owner: "rep-raj" },
    ];
    const report = await runScenarioFiles([replyHandoff("fails", wrong)], { cwd: REPO, backend: "memory" });
    const failures = report.scenarios[0]!.failures;
    expect(failures.map((f) => f.expect)).toEqual(wrong);
    const pictures = failures.map((f) => f.actual as ContactPicture);
    expect(pictures.map((p) => p.found)).toEqual([
      "trial-nurture.1 is 'handed-off' (handed to sdr-follow-up), not 'completed'",
      "never enrolled in long-term-nurture",
      "the owner at the end is 'rep-ana', not 'rep-raj'",
    ]);
    expect(pictures[0]!.enrollments).toEqual([
      "sdr-follow-up.1: active",
      "trial-nurture.1: handed-off (handed to sdr-follow-up)",
    ]);
    expect(pictures[0]!.timeline).toContain(
      "2026-03-03T16:00Z Tue +1d2h  trial-nurture.1 handed-off: handed to sdr-follow-up",
    );
  });

  it("are checked by the validator: a workflow and an owner that exist", async () => {
    const file = replyHandoff("unknown", [
      { contact: "marco", enrollment: "trial-nurtur", status: "handed-off" },
      { contact: "marco", owner: "rep-jo" },
    ]);
    const report = await runScenarioFiles([file], { cwd: REPO });
    const actual = report.scenarios[0]!.failures[0]!.actual as { violations: Array<Record<string, string>> };
    expect(actual.violations.map((v) => [v.path, v.code])).toEqual([
      ["/expect/0/enrollment", "unknown-workflow"],
      ["/expect/1/owner", "unknown-owner"],
    ]);
  });

  it("are checked by the validator: a status that exists", async () => {
    const file = replyHandoff("status", [{ contact: "marco", enrollment: "trial-nurture", status: "done" }]);
    const report = await runScenarioFiles([file], { cwd: REPO });
    const actual = report.scenarios[0]!.failures[0]!.actual as { violations: Array<Record<string, string>> };
    expect(actual.violations.map((v) => [v.path, v.code])).toEqual([["/expect/0/status", "invalid-value"]]);
    expect(actual.violations[0]!.message).toContain("handed-off");
  });
});
