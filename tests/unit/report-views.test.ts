import { describe, expect, it } from "vitest";
import { duration, formatFunnelReport } from "../../src/cli/report-text.js";
import { formatSimulation } from "../../src/cli/simulation-output.js";
import { renderHtmlReport } from "../../src/runtime/simulate/html-report.js";
import { sampleFunnelReport } from "../helpers/report-samples.js";
import { sampleSimulationReport } from "../helpers/simulation-report.js";

process.env.NO_COLOR = "1";

describe("durations in the reports", () => {
  it("shows the two largest units", () => {
    expect([0, 45, 60, 7980, 3600, 90_000, 3 * 86_400 + 4 * 3600 + 59].map(duration)).toEqual([
      "0s",
      "45s",
      "1m",
      "2h 13m",
      "1h",
      "1d 1h",
      "3d 4h",
    ]);
    expect(duration(null)).toBe("–");
  });
});

describe("the simulation report from the read API's report model", () => {
  it("prints each counted workflow's funnel with the formatter of `handoff report funnel`", () => {
    const report = sampleSimulationReport();
    report.reports.funnels.push({ ...sampleFunnelReport("never-enrolled"), enrolled: 0, active: 0 });
    const text = formatSimulation(report);
    expect(text).toContain(formatFunnelReport(sampleFunnelReport("welcome")));
    expect(text).not.toContain("Funnel of never-enrolled");
  });

  it("says so when no workflow's counters counted anything", () => {
    const report = sampleSimulationReport();
    report.reports.funnels = [{ ...sampleFunnelReport(), enrolled: 0, active: 0 }];
    expect(formatSimulation(report)).toContain("No enrollment counted");
    expect(renderHtmlReport(report)).toContain("No enrollment was counted");
  });

  it("draws one bar a day in inline SVG, as tall as the day's emails, and the clicks of each link", () => {
    const report = sampleSimulationReport();
    report.reports.funnels[0]!.steps[0]!.links["<b>promo</b>"] = 2;
    const html = renderHtmlReport(report);
    const section = /<section id="workflow-funnels-section">[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    const days = [
      ...section.matchAll(/<rect class="day" data-date="([^"]+)" data-sent="(\d+)"[^>]* height="([\d.]+)"/g),
    ];
    expect(days.map((m) => [m[1], Number(m[2])])).toEqual([
      ["2026-03-02", 120],
      ["2026-03-03", 80],
      ["2026-03-04", 150],
      ["2026-03-05", 0],
    ]);
    const heights = days.map((m) => Number(m[3]));
    expect(heights[2]).toBeGreaterThan(heights[0]!);
    expect(heights[0]).toBeGreaterThan(heights[1]!);
    expect(heights[3]).toBe(0);
    expect(section).toContain("<code>pricing</code> 30 (15.0%)");
    expect(section).toContain("<code>&lt;b&gt;promo&lt;/b&gt;</code> 2");
    expect(section).toContain("<dt>Handed off</dt><dd>30 <span>15.0%</span></dd>");
    expect(section).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it("lists the stage moves, a first stage coming from (new)", () => {
    const html = renderHtmlReport(sampleSimulationReport());
    expect(html).toContain('<tr><td>(new)</td><td>subscriber</td><td class="n">200</td></tr>');
    expect(html).toContain('<tr><td>subscriber</td><td>lead</td><td class="n">80</td></tr>');
  });
});
