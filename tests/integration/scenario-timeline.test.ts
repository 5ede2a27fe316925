import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ContactPicture, runScenarioFiles } from "../../src/runtime/scenario";
import { copySamples, REPO } from "../helpers/workspace";

const dir = mkdtempSync(join(tmpdir(), "handoff-scenario-timeline-"));

/** A shipped scenario with one more expectation that fails, so that the contact's timeline is shown. */
function failing(shipped: string, changes: Record<string, unknown>, wrong: Record<string, unknown>) {
  const scenario = JSON.parse(readFileSync(join(REPO, "workflows/tests", shipped), "utf8"));
  const file = join(dir, shipped);
  writeFileSync(file, JSON.stringify({ ...scenario, ...changes, expect: [...scenario.expect, wrong] }));
  return file;
}

async function timelineOf(file: string, options: { cwd?: string } = {}): Promise<string[]> {
  const report = await runScenarioFiles([file], { cwd: options.cwd ?? REPO, backend: "memory" });
  const failures = report.scenarios[0]!.failures;
  expect(failures).toHaveLength(1);
  return (failures[0]!.actual as ContactPicture).timeline;
}

/** The lines at one instant, without the instant. */
function at(timeline: string[], instant: string): string[] {
  return timeline
    .filter((line) => line.startsWith(instant))
    .map((line) => line.split("  ").slice(1).join("  "));
}

describe("the lines of a timeline that share an instant", () => {
  it("come in causal order: the pricing click, the handoff, the drip's end, the sequence, its intro", async () => {
    const file = failing("pricing-link-handoff.json", {}, { contact: "priya", emails: 0 });
    const lines = at(await timelineOf(file), "2026-04-21T16:00Z");
    expect(lines).toEqual([
      "email.click 'pricing' on long-term-nurture/customer-story",
      "stage lead → sql (handoff:long-term-nurture: handed to sdr-follow-up)",
      "long-term-nurture.1 handed-off: handed to sdr-follow-up",
      "enrolled in sdr-follow-up as sdr-follow-up.1 (handoff from long-term-nurture.1)",
      "sent sdr-follow-up/intro · Tue 12:00 America/New_York",
    ]);
  });

  it("put each cause before its effects: an event before the stage it moved, an email before its open, an end before onComplete", async () => {
    const events = [{ contact: "c1", event: "email.open", afterSent: "trial-nurture/welcome", delay: "0m" }];
    const scenario = JSON.parse(
      readFileSync(join(REPO, "workflows/tests/demo-request-handoff.json"), "utf8"),
    );
    const file = failing(
      "demo-request-handoff.json",
      { until: "P14D", events: [...scenario.events, ...events] },
      { contact: "c1", emails: 0 },
    );
    const timeline = await timelineOf(file);
    expect(at(timeline, "2026-03-02T14:00Z")).toEqual([
      "trial.started plan=team",
      "stage subscriber → lead (scoring: score 15 after trial.started)",
      "enrolled in trial-nurture as trial-nurture.1",
      "sent trial-nurture/welcome · Mon 15:00 Europe/Berlin",
      "email.open on trial-nurture/welcome",
    ]);
    const handoff = at(timeline, "2026-03-05T15:00Z").map((line) => line.replace(/score [\d.]+/, "score N"));
    expect(handoff).toEqual([
      "demo.requested",
      "stage lead → mql (scoring: score N after demo.requested)",
      "email.click 'book-demo' on trial-nurture/case-study",
      "stage mql → sql (scoring: score N after email.click)",
      "trial-nurture.1 handed-off: handed to sdr-follow-up",
      "enrolled in sdr-follow-up as sdr-follow-up.1 (handoff from trial-nurture.1)",
      "sent sdr-follow-up/intro · Thu 16:00 Europe/Berlin",
    ]);
    // The sequence completes after its last email (at once, or once it has settled): then onComplete.
    const completed = timeline.find((line) => line.endsWith("sdr-follow-up.1 completed: completed"))!;
    const instant = at(timeline, completed.slice(0, 17));
    expect(instant.slice(instant.indexOf("sdr-follow-up.1 completed: completed"))).toEqual([
      "sdr-follow-up.1 completed: completed",
      "stage sql → lead (workflow:sdr-follow-up: onComplete)",
      "enrolled in long-term-nurture as long-term-nurture.1 (onComplete from sdr-follow-up.1)",
    ]);
    expect(at(timeline, "2026-03-12T07:00Z")[0]).toBe("sent sdr-follow-up/breakup · Thu 08:00 Europe/Berlin");
  });
});

describe("the local times of a timeline", () => {
  it("are the contact's own, or for a contact without a zone the zone its send window falls back to", async () => {
    const cwd = copySamples();
    const sequence = join(cwd, "workflows/sdr-follow-up.json");
    const sdr = JSON.parse(readFileSync(sequence, "utf8"));
    sdr.sendWindow = { ...sdr.sendWindow, fallbackTimezone: "Europe/London" };
    writeFileSync(sequence, JSON.stringify(sdr, null, 2));
    const file = failing(
      "reply-handoff.json",
      { contacts: [{ id: "marco", email: "marco.bianchi@example.com", firstName: "Marco" }] },
      { contact: "marco", emails: 0 },
    );
    const sends = (await timelineOf(file, { cwd })).filter((line) => line.includes(" sent "));
    expect(sends).toEqual([
      "2026-03-02T14:00Z Mon +0m  sent trial-nurture/welcome · Mon 09:00 America/New_York",
      "2026-03-03T14:00Z Tue +1d  sent trial-nurture/first-steps · Tue 09:00 America/New_York",
      "2026-03-03T16:00Z Tue +1d2h  sent sdr-follow-up/intro · Tue 16:00 Europe/London",
    ]);
  });
});
