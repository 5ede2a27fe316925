import { describe, expect, it } from "vitest";
import { formatAttributionReport } from "../../src/cli/report-text-sales";
import { formatSimulation } from "../../src/cli/simulation-output";
import {
  creditDecimals,
  creditedKeys,
  creditsOf,
  creditText,
  modelTotal,
} from "../../src/core/reports/attribution-table";
import { renderHtmlReport } from "../../src/runtime/simulate/html-report";
import { renderAttribution } from "../../src/runtime/simulate/html-report-attribution";
import {
  HOSTILE_CHANNEL,
  sampleCreditedAttribution,
  sampleEmptyAttribution,
} from "../helpers/attribution-sample";
import { sampleSimulationReport } from "../helpers/simulation-report";

const credited = sampleCreditedAttribution();
/** Two conversions without amount (worth 1 each): linear splits one of them. */
const counted = {
  ...credited,
  conversions: 2,
  revenue: 2,
  models: { "first-touch": { email: 2 }, linear: { email: 1.5, display: 0.5 } },
};

describe("how reports order and write attribution credits", () => {
  it("lists the channels most credited over all models first, and each model's credits most first with shares", () => {
    expect(creditedKeys(credited)).toEqual([
      "paid-search",
      "email",
      "organic-search",
      HOSTILE_CHANNEL,
      "display",
      "(none)",
    ]);
    expect(creditsOf(credited, "first-touch")).toEqual([
      { key: "paid-search", credit: 30_000, share: 30_000 / 42_000 },
      { key: HOSTILE_CHANNEL, credit: 12_000, share: 12_000 / 42_000 },
    ]);
    expect(modelTotal(credited, "linear")).toBe(42_000);
    expect(creditsOf(credited, "w-shaped")).toEqual([]);
    expect(creditedKeys(sampleEmptyAttribution())).toEqual([]);
  });

  it("writes money in whole units and counted conversions to the hundredth", () => {
    expect([creditDecimals(credited), creditText(credited, 12_345.4)]).toEqual([0, "12,345"]);
    expect([creditDecimals(counted), creditText(counted, 1.5)]).toEqual([2, "1.50"]);
    expect(creditText(sampleEmptyAttribution(), 0)).toBe("0");
  });
});

describe("handoff report attribution", () => {
  it("prints the conversions and revenue, then a models × channels table with a total row", () => {
    const lines = formatAttributionReport(credited).split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "Attribution by channel, 2026-03-02 to 2026-03-31",
      "  conversions 3, revenue 42,000",
      "",
    ]);
    expect(lines.slice(3)).toEqual([
      "  channel         first-touch  last-touch  linear  data-driven",
      "  paid-search          30,000      10,000  18,000       21,000",
      "  email                     –      20,000  10,000       14,000",
      "  organic-search            –      12,000   8,000            –",
      "  <b>partner</b>       12,000           –   6,000            –",
      "  display                   –           –       –        4,000",
      "  (none)                    –           –       –        3,000",
      "  total                42,000      42,000  42,000       42,000",
    ]);
  });

  it("prints one model (--model) as bars with shares, and says when no model has credits", () => {
    const linear = formatAttributionReport({ ...credited, models: { linear: credited.models.linear! } });
    expect(linear).toContain("  linear\n  channel         credit  share\n");
    expect(linear).toContain(`  paid-search     18,000  42.9%  ${"█".repeat(24)}\n`);
    expect(linear).toMatch(/ {2}<b>partner<\/b> {3}6,000 {2}14\.3% {2}█{8}·{16}$/);
    expect(formatAttributionReport(sampleEmptyAttribution())).toBe(
      [
        "Attribution by channel, 2026-03-02 to 2026-03-31",
        "  conversions 0, revenue 0",
        "  (no model has credits for this period)",
      ].join("\n"),
    );
    expect(formatAttributionReport(counted)).toContain(
      "  email           2.00    1.50\n  display            –    0.50\n",
    );
  });

  it("is part of what `handoff simulate` prints", () => {
    expect(formatSimulation(sampleSimulationReport())).toContain(formatAttributionReport(credited));
  });
});

describe("the HTML report's attribution section", () => {
  it("shows the totals and one row per channel with each model's credit, share and bar, escaped", () => {
    const html = renderHtmlReport(sampleSimulationReport());
    expect(html).toContain('<section id="attribution-section">');
    const section = renderAttribution(sampleSimulationReport());
    expect(section).toContain("<dt>Conversions</dt><dd>3</dd>");
    expect(section).toContain("<dt>Revenue</dt><dd>42,000</dd>");
    const rows = [...section.matchAll(/<tr><td>([^<]*)<\/td>/g)].map((match) => match[1]);
    expect(rows).toEqual([
      "paid-search",
      "email",
      "organic-search",
      "&lt;b&gt;partner&lt;/b&gt;",
      "display",
      "(none)",
      "All",
    ]);
    expect(section).not.toContain(HOSTILE_CHANNEL);
    expect(section).toContain(
      '<td class="n credit">30,000 <span class="of">71.4%</span><span class="track"><span class="fill" style="display:block;width:71.4%"></span></span></td>',
    );
    expect(section).toContain('<tfoot><tr><td>All</td><td class="n">42,000</td><td class="n">42,000</td>');
    expect(section).not.toMatch(/NaN|Infinity|<script|https?:/);
  });

  it("says so when no model has credits, still with the conversions", () => {
    const report = sampleSimulationReport();
    report.reports.attribution = { ...sampleEmptyAttribution(), conversions: 4, revenue: 80_000 };
    const section = renderAttribution(report);
    expect(section).toContain("<dt>Conversions</dt><dd>4</dd>");
    expect(section).toContain("No attribution model has credits for this run.");
    expect(section).not.toContain("<table");
  });
});
