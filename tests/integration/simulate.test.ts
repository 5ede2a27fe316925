import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/runtime/simulate/simulator";
import { REPO } from "../helpers/workspace";

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
      [join(REPO, "src/cli/bin.js"), "simulate", "--contacts", "60", "--seed", "7", "--json"],
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

describe("npm start", () => {
  it("finishes with exit 0, a funnel with handoffs, the HTML report and the captured emails", () => {
    const out = mkdtempSync(join(tmpdir(), "handoff-start-"));
    const run = spawnSync(
      process.execPath,
      [join(REPO, "src/cli/bin.js"), "start", "--contacts", "200", "--memory", "--out", out],
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
    expect(JSON.parse(readFileSync(join(out, "emails.json"), "utf8")).length).toBeGreaterThan(500);
    expect(existsSync(join(out, "emails", "001.html"))).toBe(true);
  }, 120_000);
});
