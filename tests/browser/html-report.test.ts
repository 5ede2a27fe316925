import { existsSync } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtmlReport } from "../../src/runtime/simulate/html-report.js";
import { HOSTILE_CHANNEL } from "../helpers/attribution-sample.js";
import { INTRO_ROW, sampleSimulationReport } from "../helpers/simulation-report.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TIMEOUT = 60_000;
const MISSING_CHROMIUM =
  `Chromium not found at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium) ` +
  "or set CHROMIUM_PATH to a Chromium executable.";

const report = sampleSimulationReport();

describe("HTML report in headless Chromium", { timeout: TIMEOUT }, () => {
  let dir = "";
  let browser: Browser | undefined;
  let loaded: Page | undefined;
  const external: string[] = [];
  /** The loaded report page; fails the calling test (never skips it) when Chromium is missing. */
  const page = (): Page => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM);
    if (!loaded) throw new Error("the report page did not load; see the beforeAll error");
    return loaded;
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) return; // every test then fails with MISSING_CHROMIUM
    dir = await mkdtemp(join(tmpdir(), "handoff-html-report-"));
    const file = join(dir, "report.html");
    await writeFile(file, renderHtmlReport(report, { workflowsLabel: "welcome, nurture" }), "utf8");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      timeout: TIMEOUT,
    });
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    tab.on("request", (request) => {
      if (!request.url().startsWith("file:")) external.push(request.url());
    });
    await tab.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: TIMEOUT });
    loaded = tab;
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, TIMEOUT);

  it("loads nothing but the file itself", () => {
    page();
    expect(external).toEqual([]);
  });

  it("renders the funnel SVG with a non-zero size", async () => {
    const box = await page().locator("svg#funnel").boundingBox();
    expect(box).not.toBeNull();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(100);
    expect(await page().locator("svg#funnel").getAttribute("role")).toBe("img");
  });

  it("draws bars whose widths follow the counts", async () => {
    const bars = await page()
      .locator("rect.bar")
      .evaluateAll((rects) =>
        rects.map((rect) => ({
          label: rect.getAttribute("data-label") ?? "",
          count: Number(rect.getAttribute("data-count")),
          width: rect.getBoundingClientRect().width,
        })),
      );
    expect(bars.map((b) => b.label)).toEqual([
      "Enrolled",
      "subscriber",
      "lead",
      "mql",
      "sql",
      "customer",
      "Handed off",
      "Replied",
    ]);
    for (const bar of bars) {
      if (bar.count > 0) expect(bar.width, bar.label).toBeGreaterThan(0);
      else expect(bar.width, bar.label).toBe(0);
    }
    for (const a of bars) {
      for (const b of bars) {
        if (a.count > b.count) expect(a.width, `${a.label} vs ${b.label}`).toBeGreaterThan(b.width);
        if (a.count === b.count) expect(a.width, `${a.label} vs ${b.label}`).toBeCloseTo(b.width, 1);
      }
    }
  });

  it("shows one steps-table row per step, with the first row's figures", async () => {
    const rows = page().locator("table#steps tbody tr");
    await expect.poll(() => rows.count()).toBe(report.steps.length);
    const first = await rows.first().locator("td").allInnerTexts();
    expect(first.map((t) => t.trim())).toEqual(INTRO_ROW);
    const never = await rows.nth(3).locator("td").allInnerTexts();
    expect(never.slice(-3)).toEqual(["–", "–", "–"]);
    const align = await rows
      .first()
      .locator("td")
      .nth(2)
      .evaluate((td) => td.ownerDocument.defaultView!.getComputedStyle(td).textAlign);
    expect(align).toBe("right");
  });

  it("draws each workflow's daily chart (inline SVG), one visible bar a day as tall as its emails", async () => {
    const bars = await page()
      .locator("#workflow-funnels-section svg.daily rect.day")
      .evaluateAll((rects) =>
        rects.map((rect) => ({
          sent: Number(rect.getAttribute("data-sent")),
          height: rect.getBoundingClientRect().height,
        })),
      );
    expect(bars.map((bar) => bar.sent)).toEqual(report.reports.funnels[0]!.daily.map((day) => day.sent));
    for (const a of bars)
      for (const b of bars) if (a.sent > b.sent) expect(a.height).toBeGreaterThan(b.height);
    const links = await page().locator("#workflow-funnels-section td.links").first().textContent();
    expect(links).toContain("pricing 30 (15.0%)");
  });

  it("shows a hostile step id as text, not as an element", async () => {
    expect(await page().locator("img").count()).toBe(0);
    expect(await page().locator("table#steps").textContent()).toContain("<img src=x onerror=alert(1)>");
  });

  it("shows the attribution by channel, each credit's bar as wide as its share, a hostile channel as text", async () => {
    const first = page().locator("#attribution tbody tr").first().locator("td.credit").first();
    expect(await first.textContent()).toBe("30,000 71.4%");
    const [fill, track] = await Promise.all([
      first.locator(".fill").boundingBox(),
      first.locator(".track").boundingBox(),
    ]);
    expect(fill!.width / track!.width).toBeCloseTo(0.714, 2);
    expect(await page().locator("#attribution tbody td").allTextContents()).toContain(HOSTILE_CHANNEL);
    expect(await page().locator("#attribution b").count()).toBe(0);
  });

  it("takes a full-page screenshot", async () => {
    const png = join(dir, "report.png");
    await page().screenshot({ path: png, fullPage: true });
    // Set HANDOFF_REPORT_SCREENSHOT=/some/file.png to keep a copy for a human to look at.
    if (process.env.HANDOFF_REPORT_SCREENSHOT) {
      await page().screenshot({ path: process.env.HANDOFF_REPORT_SCREENSHOT, fullPage: true });
    }
    expect((await stat(png)).size).toBeGreaterThan(5 * 1024);
  });
});
