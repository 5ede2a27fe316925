import { describe, expect, it } from "vitest";
import type { SlaReport } from "../../../src/core/reports/report-types";
import { slaReport } from "../../../src/core/reports/sla";
import { repAnswer } from "../../../src/runtime/simulate/reps";
import { simulate } from "../../../src/runtime/simulate/simulator";
import { REPO } from "../../helpers/workspace";

const SLA = { acceptWithin: "4h", firstTouchWithin: "1d", onMiss: { reassign: "round-robin" } };

describe("the simulated reps answer handed-off leads", () => {
  it("the same answer for the same seed; most accept within hours, some reject with a reason, some never answer", () => {
    const answers = Array.from({ length: 400 }, (_, i) =>
      repAnswer(SLA, { seed: 7, contactId: `c${i}`, enrollmentId: "sdr-follow-up.1" }),
    );
    expect(repAnswer(SLA, { seed: 7, contactId: "c1", enrollmentId: "sdr-follow-up.1" })).toEqual(answers[1]);
    expect(
      repAnswer(undefined, { seed: 7, contactId: "c1", enrollmentId: "sdr-follow-up.1" }),
    ).toBeUndefined();
    const accepted = answers.filter((a) => a?.path.endsWith("/accept")).length;
    const rejected = answers.filter((a) => a?.path.endsWith("/reject"));
    const silent = answers.filter((a) => a === undefined).length;
    expect(accepted).toBeGreaterThan(280);
    expect(rejected.length).toBeGreaterThan(20);
    expect(silent).toBeGreaterThan(20);
    expect(rejected.every((a) => typeof a?.body.reason === "string")).toBe(true);
  });

  it("a simulation's SLA report has handoffs, accepts, rejections and misses, the same for the same seed", async () => {
    const reports: SlaReport[] = [];
    for (let run = 0; run < 2; run++)
      await simulate({
        cwd: REPO,
        contacts: 150,
        seed: 42,
        backend: "memory",
        keepOpen: async (runtime) => {
          const day = (at: Date) => at.toISOString().slice(0, 10);
          const range = { from: "2000-01-01", to: day(runtime.clock.now()) };
          reports.push(await slaReport(runtime.deps.store, range));
        },
      });
    expect(reports[1]).toEqual(reports[0]);
    const owners = reports[0]!.owners;
    const total = (pick: (o: (typeof owners)[number]) => number) => owners.reduce((n, o) => n + pick(o), 0);
    expect(total((o) => o.handoffs)).toBeGreaterThan(0);
    expect(total((o) => o.accepted)).toBeGreaterThan(0);
    expect(owners.some((o) => o.medianToAccept !== null)).toBe(true);
    expect(owners.some((o) => o.medianToFirstTouch !== null)).toBe(true);
  });
});
