import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ChaosOptions, FAULT_KINDS } from "../../src/runtime/chaos/faults";
import { INVARIANTS } from "../../src/runtime/chaos/invariants";
import { prospectId } from "../../src/runtime/simulate/prospects";
import { type SimulateOptions, simulate } from "../../src/runtime/simulate/simulator";
import { REPO } from "../helpers/workspace";

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO, "src/cli/bin.js"), "simulate", ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });

/** A seeded simulation on the in-memory store with 5% of the calls faulted; `chaos` changes the faults. */
const simulateUnderChaos = (
  options: Omit<SimulateOptions, "cwd" | "seed" | "backend" | "chaos">,
  chaos: Partial<ChaosOptions> = {},
) =>
  simulate({ cwd: REPO, seed: 11, backend: "memory", chaos: { rate: 0.05, seed: 11, ...chaos }, ...options });

describe("mixed contact ids", () => {
  it("hold every character a contact id may have, in pairs SES's tag alphabet would merge, all unique", () => {
    const ids = Array.from({ length: 400 }, (_, i) => prospectId(i, "mixed"));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 4)).toEqual([
      "crm:000001",
      "crm_000001",
      "lead.000002@forms_app.example",
      "sf:00Q.000002_a-b",
    ]);
    for (const c of [":", ".", "@", "_", "-"])
      expect(
        ids.some((id) => id.includes(c)),
        c,
      ).toBe(true);
  });
});

describe("handoff simulate --chaos", () => {
  it("injects every kind of fault and breaks no invariant, with contact ids holding : . @ _ (in-memory store)", async () => {
    const report = await simulateUnderChaos({ contacts: 250, contactIds: "mixed" });
    expect(report.invariants).toEqual(Object.fromEntries(Object.keys(INVARIANTS).map((k) => [k, 0])));
    for (const kind of FAULT_KINDS) expect(report.chaos!.injected[kind], kind).toBeGreaterThan(0);
    expect(report.chaos!.deadLetters).toBe(0);
    expect(report.emailsSent).toBeGreaterThan(500);
  });

  it("catches the duplicate sends the ledger prevents when the ledger is switched off (test-only switch)", async () => {
    const report = await simulateUnderChaos({ contacts: 150 }, { ledger: false });
    expect(report.invariants!.noStepSentTwice).toBeGreaterThan(0);
    expect(report.chaos!.examples.noStepSentTwice![0]).toMatch(/sent [2-9] times/);
  });

  it("holds on the real local servers too, and prints the invariants beside the figures with --json", () => {
    const run = cli("--contacts", "80", "--seed", "5", "--chaos", "0.05", "--json", "--servers");
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.run.backend).toBe("servers");
    expect(out.invariants).toEqual(Object.fromEntries(Object.keys(INVARIANTS).map((k) => [k, 0])));
    expect(Object.keys(out.chaos.injected)).toEqual([...FAULT_KINDS]);
  }, 120_000);

  it("exits 1 and names the breach when an invariant fails", () => {
    const run = cli(
      "--contacts",
      "60",
      "--seed",
      "5",
      "--memory",
      "--chaos",
      "0.1",
      "--unsafe-disable-ledger",
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/BREACH\s+\d+\s+no \(enrollment, step\) sent twice/);
    expect(run.stdout).toContain("send ledger OFF");
  });

  it("refuses a rate outside 0..1 and the ledger switch without --chaos", () => {
    expect(cli("--chaos", "2", "--memory").stderr).toMatch(/rate from 0 to 1/);
    expect(cli("--unsafe-disable-ledger", "--memory").stderr).toMatch(/only goes with --chaos/);
  });
});
