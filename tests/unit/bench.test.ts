import { describe, expect, it } from "vitest";
import { FULL_SIZES, parseArgs, SECTIONS } from "../../bench/args";
import { largestSources } from "../../bench/bundles";
import { priceSources } from "../../bench/results";
import type { SimulationFigures } from "../../bench/simulations";
import { mapSpread, show, spread } from "../../bench/stats";
import { evaluateTargets } from "../../bench/targets";

describe("bench helpers", () => {
  it("summarizes runs as median and spread", () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(spread([4, 1]).median).toBe(2.5);
    expect(mapSpread(spread([1, 2, 4]), (s) => 100 / s)).toEqual({ median: 50, min: 25, max: 100, runs: 3 });
    expect(show(spread([1.234]), "s")).toBe("1.23 s (1 run)");
    expect(show(spread([1000, 1500, 2000]), "ms")).toBe("1,500 ms (1,000–2,000, 3 runs)");
  });

  it("plans the default run and says which sizes it skips and how to run them", () => {
    const args = parseArgs([]);
    expect(args.simulations.map((s) => `${s.backend}:${s.contacts}x${s.runs}`)).toEqual([
      "memory:1000x3",
      "memory:10000x3",
      "servers:1000x3",
      "servers:10000x1",
      "memory:100000x1",
    ]);
    expect(args.skipped.map((s) => `${s.backend}:${s.contacts}`)).toEqual(["servers:100000"]);
    expect([...args.sections]).toEqual([...SECTIONS]);
    expect(args.burstContacts).toBe(10_000);
  });

  it("takes sizes, backends, runs and sections", () => {
    const args = parseArgs([
      "--sizes",
      "1000,100_000",
      "--backends",
      "memory",
      "--runs",
      "2",
      "--only",
      "simulations",
    ]);
    expect(args.simulations).toEqual([
      { backend: "memory", contacts: 1000, runs: 2 },
      { backend: "memory", contacts: 100_000, runs: 2 },
    ]);
    expect(args.skipped).toHaveLength(2 * FULL_SIZES.length - 2);
    expect([...args.sections]).toEqual(["simulations"]);
    expect(() => parseArgs(["--sizes", "ten"])).toThrow(/whole numbers/);
    expect(() => parseArgs(["--backends", "dynamo"])).toThrow(/memory and servers/);
    expect(() => parseArgs(["--fast"])).toThrow(/unknown option/);
  });

  it("counts bundled bytes under the first package our code reached", () => {
    const metafile = {
      inputs: {
        "functions/a.ts": {
          bytes: 1,
          imports: [{ path: "node_modules/mjml/index.js", kind: "import-statement" }],
        },
        "node_modules/mjml/index.js": {
          bytes: 1,
          imports: [{ path: "node_modules/juice/index.js", kind: "require-call" }],
        },
        "node_modules/juice/index.js": { bytes: 1, imports: [] },
      },
      outputs: {
        "out.mjs": {
          bytes: 1111,
          inputs: {
            "functions/a.ts": { bytesInOutput: 11 },
            "node_modules/mjml/index.js": { bytesInOutput: 100 },
            "node_modules/juice/index.js": { bytesInOutput: 1000 },
          },
        },
      },
    };
    expect(largestSources(metafile as never, "out.mjs")).toEqual([
      { source: "mjml", bytes: 1100, importedBy: "functions/a.ts" },
      { source: "our code (src/, functions/, stacks/)", bytes: 11 },
    ]);
  });

  it("marks 100,000 contacts over 2 GB from the sizes run when it was not run itself", () => {
    const sim = (contacts: number, rss: number): SimulationFigures => ({
      backend: "memory",
      contacts,
      wallSeconds: spread([contacts / 250]),
      msPerContact: spread([4]),
      peakRssMb: spread([rss]),
    });
    const targets = evaluateTargets({ simulations: [sim(1000, 300), sim(10_000, 1400)] });
    const rss = targets.find((t) => t.target.startsWith("100,000"))!;
    expect(rss.status).toBe("NOT MET");
    expect(rss.measured).toMatch(/extrapolated/);
    expect(targets.find((t) => t.target.includes("on memory"))?.status).toBe("NOT MET");
    expect(targets.find((t) => t.target.includes("on servers"))?.status).toBe("NOT MEASURED");
    const quick = evaluateTargets({ simulations: [sim(1000, 300)] });
    expect(quick.find((t) => t.target.includes("on memory"))).toMatchObject({
      status: "NOT MET",
      measured: expect.stringMatching(/at least 40 s extrapolated from 1,000 contacts/),
    });
  });

  it("prices come from one dated file that cites its sources", () => {
    const prices = priceSources();
    expect(prices.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const service of ["step-functions", "lambda", "dynamodb", "ses"])
      expect(prices.sources.some((s) => s.includes(`aws.amazon.com/${service}/pricing`))).toBe(true);
  });
});
