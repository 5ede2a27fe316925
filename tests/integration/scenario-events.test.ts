import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILT_IN_EVENTS } from "../../src/core/language";
import { type ContactPicture, runScenarioFiles, ScenarioSession } from "../../src/runtime/scenario";
import { handoff } from "../helpers/cli";
import { REPO } from "../helpers/workspace";

const dir = mkdtempSync(join(tmpdir(), "handoff-scenario-events-"));

function scenarioFile(name: string, scenario: Record<string, unknown>): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ kind: "scenario", start: "2026-03-02T14:00:00Z", ...scenario }, null, 2),
  );
  return file;
}

/** One compile for every scenario of this file. */
const session = new ScenarioSession({ cwd: REPO, backend: "memory" });

async function run(file: string) {
  const report = await runScenarioFiles([file], { cwd: REPO, backend: "memory", session });
  return report.scenarios[0]!;
}

const nia = { id: "nia", email: "nia.brown@example.com", firstName: "Nia", timezone: "America/New_York" };
const TYPO = {
  contact: "nia",
  event: "email.click",
  link: "pricng",
  afterSent: "trial-nurture/welcome",
  delay: "1h",
};
const typo = scenarioFile("typo", {
  name: "Nia clicks a link the welcome does not have",
  until: "P1D",
  contacts: [nia],
  enroll: [{ contact: "nia", into: "trial-nurture" }],
  events: [TYPO],
  expect: [{ contact: "nia", sent: "trial-nurture/welcome" }],
});

describe("a scenario event that no real contact could make", () => {
  it("a click on a link the email does not track fails the scenario, naming the links it does track", async () => {
    const scenario = await run(typo);
    expect(scenario.ok).toBe(false);
    expect(scenario.failures.map((f) => f.expect)).toEqual([TYPO]);
    const actual = scenario.failures[0]!.actual as ContactPicture;
    expect(actual.found).toBe(
      "nia clicks 'pricng' on trial-nurture/welcome, which tracks no such link (it tracks 'connect-data', 'docs')",
    );
    expect(actual.timeline.filter((line) => line.includes("  email.click"))).toEqual([]);
    expect(actual.timeline).toContain(
      "2026-03-02T15:00Z Mon +1h  note: email.click 'pricng' on trial-nurture/welcome not delivered: no such link",
    );
  });

  it("so does a click at a moment when no email tracks that link, and a click that names no link", async () => {
    const events = [
      { contact: "nia", event: "email.click", link: "pricing", at: "2h" },
      { contact: "nia", event: "email.click", at: "3h" },
    ];
    const file = scenarioFile("no-pricing", {
      name: "Nia clicks pricing before any email has a pricing link",
      until: "P1D",
      contacts: [nia],
      enroll: [{ contact: "nia", into: "trial-nurture" }],
      events,
      expect: [{ contact: "nia", sent: "trial-nurture/welcome" }],
    });
    const scenario = await run(file);
    expect(scenario.failures.map((f) => f.expect)).toEqual(events);
    expect(scenario.failures.map((f) => (f.actual as ContactPicture).found)).toEqual([
      "nia clicks 'pricing' on trial-nurture/welcome, which tracks no such link (it tracks 'connect-data', 'docs'), nor does any earlier email to nia",
      "nia clicks trial-nurture/welcome without naming a link: add \"link\" (it tracks 'connect-data', 'docs')",
    ]);
  });

  it("every email.* event before any email went out fails the scenario", async () => {
    // Every email event a scenario may send (email.sent is Handoff's own record of a send).
    const names = BUILT_IN_EVENTS.filter((name) => name.startsWith("email.") && name !== "email.sent");
    expect(names).toHaveLength(8);
    const events = names.map((event) => ({
      contact: "nia",
      event,
      ...(event === "email.click" ? { link: "docs" } : {}),
      at: "1h",
    }));
    const file = scenarioFile("too-early", {
      name: "Nia engages with emails before any went out",
      until: "P2D",
      contacts: [nia],
      enroll: [{ contact: "nia", into: "trial-nurture", at: "1d" }],
      events,
      expect: [{ contact: "nia", sent: "trial-nurture/welcome" }],
    });
    const scenario = await run(file);
    expect(scenario.failures.map((f) => f.expect)).toEqual(events);
    expect((scenario.failures[1]!.actual as ContactPicture).found).toBe(
      "nia: email.open at 2026-03-02T15:00Z Mon +1h answers no email: none had gone out to nia yet",
    );
    const picture = scenario.failures[0]!.actual as ContactPicture;
    expect(picture.timeline.filter((line) => / {2}(email\.|stage )/.test(line))).toEqual([]);
  });

  it("shows the failure in `handoff test` and in --json", () => {
    const text = handoff(["test", "--memory", typo]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`✗ ${JSON.stringify(TYPO)}`);
    expect(text.stdout).toContain("which tracks no such link (it tracks 'connect-data', 'docs')");
    const json = handoff(["test", "--memory", "--json", typo]);
    expect(json.code).toBe(1);
    const failures = JSON.parse(json.stdout).scenarios[0].failures;
    expect(failures[0].expect).toEqual(TYPO);
    expect(failures[0].actual.found).toContain("nia clicks 'pricng' on trial-nurture/welcome");
  }, 60_000);
});

describe("clicks through the redirect (issue 12, finding 2)", () => {
  it("notes a click seconds after the send as a link scanner's, and counts a link of an email once", async () => {
    const click = (delay: string) => ({
      contact: "nia",
      event: "email.click",
      link: "docs",
      afterSent: "trial-nurture/welcome",
      delay,
    });
    const file = scenarioFile("clicks-once", {
      name: "A scanner's prefetch, then Nia's own clicks",
      until: "P1D",
      contacts: [nia],
      enroll: [{ contact: "nia", into: "trial-nurture" }],
      events: [click("0m"), click("1h"), click("2h")],
      expect: [{ contact: "nia", stage: "customer" }],
    });
    const timeline = ((await run(file)).failures[0]!.actual as ContactPicture).timeline;
    expect(timeline.filter((line) => line.includes("email.click"))).toEqual([
      "2026-03-02T15:00Z Mon +1h  email.click 'docs' on trial-nurture/welcome",
    ]);
    expect(timeline.filter((line) => line.includes("link scanner"))).toEqual([
      "2026-03-02T14:00Z Mon +0m  note: click on the 'docs' link 0s after the email went out is taken for a link scanner's and not counted: clicks count from 30s on",
    ]);
  });
});

describe("a scenario event's properties", () => {
  it("reach the scoring rules: views of /pricing make an MQL, views of /blog do not", async () => {
    const contacts = ["ana", "raj"].map((id) => ({ id, email: `${id}@example.com` }));
    const views = (contact: string, path: string) =>
      ["1h", "2h", "3h"].map((at) => ({ contact, event: "page.view", properties: { path }, at }));
    const file = scenarioFile("properties", {
      name: "Three pricing views make an MQL, three blog views do not",
      until: "5h",
      contacts,
      events: [
        { contact: "ana", event: "trial.started", properties: { plan: "team" }, at: "0m" },
        { contact: "raj", event: "trial.started", properties: { plan: "team" }, at: "0m" },
        ...views("ana", "/pricing"),
        ...views("raj", "/blog"),
      ],
      expect: [
        { contact: "ana", stage: "mql", by: "3h" },
        { contact: "ana", stage: "lead", by: "2h" },
        { contact: "raj", stage: "lead" },
      ],
    });
    const scenario = await run(file);
    expect(scenario.failures, JSON.stringify(scenario.failures, null, 2)).toEqual([]);
  });
});
