import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import { startLocalServers, stopLocalServers } from "../../src/runtime/local-backend";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { reportJson, runScenarioFiles, type TestReport } from "../../src/runtime/scenario";
import { givenEnrolled } from "../helpers/given";
import { REPO } from "../helpers/workspace";

/**
 * Marco, handed to sales round-robin: enrolls him, emails him, assigns an owner (a counter in the
 * store), posts to two Slack channels. Each of those would show in the next scenario if it leaked.
 */
const SHIPPED = "workflows/tests/sla-miss-reassigned.json";

/**
 * The shipped scenario's contact (same id and address), nothing done to him, and the shipped
 * expectations plus an email: each holds only if the scenario before leaked into this one.
 */
const shipped = JSON.parse(readFileSync(join(REPO, SHIPPED), "utf8"));
const PROBE = {
  kind: "scenario",
  name: "Deliberately wrong: Marco again, untouched, yet we expect the last scenario's handoff",
  start: shipped.start,
  until: "P1D",
  contacts: shipped.contacts,
  expect: [...shipped.expect, { contact: "marco", emails: { gte: 1 } }],
};

const dir = mkdtempSync(join(tmpdir(), "handoff-scenario-session-"));
const probe = join(dir, "probe.json");
writeFileSync(probe, JSON.stringify(PROBE, null, 2));

/** The report of `files` run each in a run of its own, as if `handoff test` ran once per file. */
async function eachAlone(files: string[], backend: "memory" | "servers"): Promise<TestReport["scenarios"]> {
  const reports: TestReport["scenarios"] = [];
  for (const file of files)
    reports.push(...(await runScenarioFiles([file], { cwd: REPO, backend })).scenarios);
  return reports;
}

describe.each(["memory", "servers"] as const)("scenarios run in one session on %s", (backend) => {
  it("see nothing of each other: the same reports as each run alone", async () => {
    const files = [SHIPPED, probe, SHIPPED];
    const together = await runScenarioFiles(files, { cwd: REPO, backend });
    const alone = await eachAlone([SHIPPED, probe], backend);
    expect(reportJson(together)).toBe(
      reportJson({ ok: false, scenarios: [alone[0]!, alone[1]!, alone[0]!] }),
    );
    expect(together.scenarios.map((scenario) => scenario.ok)).toEqual([true, false, true]);
    // Every expectation of the probe fails: no enrollment, email, owner or Slack post came through.
    expect(together.scenarios[1]!.failures.map((failure) => failure.expect)).toEqual(PROBE.expect);
  }, 120_000);
});

describe("a runtime on shared servers", () => {
  const servers = startLocalServers();
  const catalog = catalogFromWorkspace({ cwd: REPO });
  const START = Date.parse("2026-03-02T14:00:00Z");
  afterAll(async () => stopLocalServers(await servers));

  const startOn = async () =>
    LocalRuntime.start({
      start: new Date(START),
      backend: "servers",
      catalog: await catalog,
      sharedServers: await servers,
    });

  it("gets a fresh table and an empty mailbox, and leaves the servers running when it closes", async () => {
    const first = await startOn();
    await givenEnrolled(first.deps, "shared-1", "trial-nurture", { timezone: "America/New_York" });
    await first.runUntil(START + 86_400_000);
    expect((await first.servers.ses!.store()).length).toBeGreaterThan(0);
    await first.close();

    const second = await startOn();
    try {
      expect(await second.servers.ses!.store()).toEqual([]);
      expect(await second.deps.store.getContact("shared-1")).toBeUndefined();
      await givenEnrolled(second.deps, "shared-1", "trial-nurture", { timezone: "America/New_York" });
      await second.runUntil(START + 86_400_000);
      // The same ids as the first runtime's: the counters start again too.
      expect((await second.deps.store.getEnrollment("shared-1", "trial-nurture.1"))?.status).toBe("active");
    } finally {
      await second.close();
    }
  }, 60_000);
});
