import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/core/render";
import { renderHtmlReport } from "../../src/runtime/simulate/html-report.js";
import type { SimulationReport } from "../../src/runtime/simulate/report-model.js";
import { INTRO_ROW, NEVER_SENT, sampleSimulationReport } from "../helpers/simulation-report.js";

const EVIL_WORKFLOW = "<script>alert(2)</script>";

/**
 * The sample run with a markup stage name and a quoted workflow id, plus a welcome step that never
 * sent and a workflow whose id is a script.
 */
function makeReport(): SimulationReport {
  const report = sampleSimulationReport({ sqlStage: "<b>sql</b>", nurture: 'nurture "&" co' });
  report.steps.push({ workflow: "welcome", step: "last-call", ...NEVER_SENT });
  report.workflows.push({
    workflow: EVIL_WORKFLOW,
    enrolled: 120,
    active: 0,
    completed: 100,
    handedOff: 0,
    exited: 0,
    stopped: 20,
    converted: 0,
    failed: 0,
    conversionRate: 0,
  });
  return report;
}

/** The `<tr>` elements of the body of `<table id="steps">`, as HTML strings. */
function stepRows(html: string): string[] {
  const table = /<table id="steps">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  const bodies = [...table.matchAll(/<tbody[^>]*>([\s\S]*?)<\/tbody>/g)].map((m) => m[1] ?? "").join("");
  return [...bodies.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1] ?? "");
}

const cells = (row: string): string[] =>
  [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => (m[1] ?? "").replace(/<[^>]+>/g, ""));

describe("renderHtmlReport", () => {
  const html = renderHtmlReport(makeReport());

  it("is one HTML page with a charset, a generator meta tag and the default title", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="generator" content="handoff">');
    expect(html).toContain("<title>Handoff simulation</title>");
    expect(html).toContain("<h1>Handoff simulation</h1>");
  });

  it("uses the title and workflows label options, escaped", () => {
    const page = renderHtmlReport(makeReport(), { title: "Q2 <plan>", workflowsLabel: "welcome & nurture" });
    expect(page).toContain("<title>Q2 &lt;plan&gt;</title>");
    expect(page).toContain("welcome &amp; nurture");
    expect(page).not.toContain("<plan>");
  });

  it("escapes step ids, workflow ids and stage names", () => {
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>sql</b>");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("nurture &quot;&amp;&quot; co");
    expect(html).toContain("&lt;b&gt;sql&lt;/b&gt;");
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("shows the run facts", () => {
    for (const text of ["1,000", "42", "memory", "30", "2025-03-03", "2025-04-02", "4.3 s"]) {
      expect(html).toContain(text);
    }
    expect(html).toContain("<dt>Enrollments</dt><dd>welcome 1,000, nurture &quot;&amp;&quot; co 440</dd>");
  });

  it("draws one funnel bar per stage, in order, with counts and % of enrolled", () => {
    expect(html).toMatch(/<svg id="funnel" role="img" aria-label="[^"]+"/);
    const bars = [...html.matchAll(/<rect class="bar" data-label="([^"]*)" data-count="(\d+)"/g)];
    expect(bars.map((m) => m[1])).toEqual([
      "Enrolled",
      "subscriber",
      "lead",
      "mql",
      "&lt;b&gt;sql&lt;/b&gt;",
      "customer",
      "Handed off",
      "Replied",
    ]);
    expect(bars.map((m) => Number(m[2]))).toEqual([1000, 1000, 620, 310, 140, 0, 120, 45]);
    expect(html).toContain("620 · 62.0%");
    expect(html).toContain("45 · 4.5%");
    expect(html).toMatch(/<rect class="bar" data-label="customer" data-count="0"[^>]* width="0.00"/);
    expect(html).toContain("Unsubscribed · 3.2% of enrolled");
    expect(html).toContain("Bounced · 1.1% of enrolled");
  });

  it("has one steps-table row per step, grouped by workflow in first-seen order", () => {
    expect(html).toMatch(
      /<table id="steps"><thead><tr><th scope="col">Workflow<\/th><th scope="col">Step<\/th>/,
    );
    const rows = stepRows(html);
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => cells(r).slice(0, 2))).toEqual([
      ["welcome", "intro"],
      ["welcome", "tips"],
      ["welcome", "last-call"],
      ["nurture &quot;&amp;&quot; co", "&lt;img src=x onerror=alert(1)&gt;"],
      ["nurture &quot;&amp;&quot; co", "never-sent"],
    ]);
    expect(cells(rows[0] ?? "")).toEqual(INTRO_ROW);
  });

  it('shows "–" rates for a step that sent nothing', () => {
    const row = stepRows(html).find((r) => r.includes("never-sent")) ?? "";
    expect(cells(row).slice(2)).toEqual(["0", "0", "0", "0", "0", "–", "–", "–"]);
  });

  it("right-aligns the numbers", () => {
    const row = stepRows(html)[0] ?? "";
    expect(row.match(/<td class="n[^"]*">/g)).toHaveLength(8);
    expect(html).toMatch(/td\.n,th\.n\{text-align:right/);
  });

  it("shows AWS costs in US dollars with 4 decimals and the pricing note", () => {
    expect(html).toContain('<table id="aws">');
    for (const amount of ["$0.4600", "$0.0012", "$0.0049", "$0.2310", "$0.6971", "$0.0007"]) {
      expect(html).toContain(amount);
    }
    expect(html).toContain("18,400 transitions");
    expect(html).toContain("5.21 read / 3.12 write");
    expect(html).toContain("estimated from item sizes");
    expect(html).toContain("src/runtime/prices.ts");
  });

  it("lists the final stage distribution", () => {
    const table = /<table id="stages">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
    const rows = [...table.matchAll(/<tr><td>([^<]*)<\/td><td class="n">([^<]*)<\/td>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual([
      ["subscriber", "380"],
      ["lead", "310"],
      ["mql", "170"],
      ["&lt;b&gt;sql&lt;/b&gt;", "140"],
      ["customer", "0"],
    ]);
    expect(table).toContain("38.0%");
  });

  it("references nothing on the network and needs no script", () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
  });

  it("handles an empty run without dividing by zero", () => {
    const empty = makeReport();
    empty.contacts = 0;
    empty.funnel = { enrolled: 0, reachedStage: {}, handedOff: 0, replied: 0, unsubscribed: 0, bounced: 0 };
    empty.stages = {};
    empty.steps = [];
    const page = renderHtmlReport(empty);
    expect(page).not.toMatch(/NaN|Infinity/);
    expect(stepRows(page)).toHaveLength(0);
    expect(page).toContain("No emails were sent in this run.");
    expect(page).toContain('data-label="Enrolled" data-count="0"');
  });
});

describe("the per-workflow table", () => {
  it("shows each workflow's endings and conversion rate, escaping the workflow id", () => {
    const html = renderHtmlReport(makeReport());
    expect(html).toContain('<section id="workflows-section">');
    expect(html).toContain('<th scope="row">welcome</th><td>1,000</td><td>10</td><td>700</td><td>120</td>');
    expect(html).toContain("<td>12.0%</td>");
    expect(html).not.toContain(EVIL_WORKFLOW);
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
  });
});
