import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localAdminKey } from "../../src/adapters/http/keys";
import { route } from "../../src/adapters/http/router";
import type { HttpDeps } from "../../src/adapters/http/types";
import type { ContactView } from "../../src/core/contact-store";
import type { ContactDetail, FunnelReport } from "../../src/core/reports/report-types";
import type { LocalRuntime } from "../../src/runtime/local-runtime";
import { prospects } from "../../src/runtime/simulate/prospects";
import { simulate } from "../../src/runtime/simulate/simulator";
import { REPO } from "../helpers/workspace";
import { ReadApiStandIns } from "./dashboard-stand-ins";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TIMEOUT = 120_000;
const KEY = "dashboard-test-key-0123456789";
const CONTACTS = 80;
const SEED = 1;
const WORKFLOW = "trial-nurture";
/** HANDOFF_SCREENSHOTS=1 rewrites docs/dashboard/*.png (take them once, look, commit). */
const SHOTS = process.env.HANDOFF_SCREENSHOTS === "1" ? join(REPO, "docs/dashboard") : undefined;

/**
 * The local API on a free port over the simulated runtime, as `npm start -- --serve` serves it;
 * a request no route of this worktree answers yet goes to the stand-ins (dashboard-stand-ins.ts).
 */
async function serve(deps: HttpDeps, standIns: ReadApiStandIns) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const request = {
      method: req.method ?? "GET",
      path: url.pathname,
      headers: req.headers as Record<string, string | undefined>,
      query: Object.fromEntries(url.searchParams),
      body: Buffer.concat(chunks).toString("utf8"),
    };
    const answer = (await standIns.respond(request)) ?? (await route(deps, request));
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the dashboard in headless Chromium, on a simulated month", { timeout: TIMEOUT }, () => {
  let release = () => {};
  let simulation: Promise<unknown> = Promise.resolve();
  let api: Awaited<ReturnType<typeof serve>> | undefined;
  let browser: Browser | undefined;
  let views: ContactView[] = [];
  let standIns: ReadApiStandIns;
  const consoleErrors: string[] = [];

  const get = async <T>(path: string): Promise<T> =>
    (await fetch(`${api!.url}${path}`, { headers: { "x-api-key": KEY } })).json() as Promise<T>;

  async function open(hash: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
    const page = await browser!.newPage({ viewport });
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(`${hash}: ${m.text()}`));
    page.on("pageerror", (e) => consoleErrors.push(`${hash}: ${e.message}`));
    await page.goto(`${api!.url}/${hash}`);
    return page;
  }

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    const opened = new Promise<LocalRuntime>((resolve, reject) => {
      simulation = simulate({
        cwd: REPO,
        contacts: CONTACTS,
        seed: SEED,
        days: 21,
        backend: "memory",
        keepOpen: (runtime) => {
          resolve(runtime);
          return new Promise<void>((done) => {
            release = done;
          });
        },
      }).catch(reject);
    });
    const runtime = await opened;
    const ids = prospects(CONTACTS, SEED).map((p) => p.contact.id);
    const found = await Promise.all(ids.map((id) => runtime.deps.store.getContactView(id)));
    views = found.filter((view): view is ContactView => view !== undefined);
    const deps = runtime.http({ apiKeys: [localAdminKey(KEY)], signingSecrets: [] });
    standIns = new ReadApiStandIns(deps, views);
    api = await serve(deps, standIns);
    if (existsSync(CHROMIUM))
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu"],
      });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    api?.server.closeAllConnections();
    api?.server.close();
    release();
    await simulation;
  }, TIMEOUT);

  // needs GET /reports/funnel from the readapi part (the stand-in answers it here)
  it("takes the key from #key=, drops it from the address, and shows the funnel GET /reports/funnel answers (stand-in funnel)", async () => {
    const page = await open(`#key=${KEY}`);
    await page.locator("#workflow").selectOption(WORKFLOW);
    await page.locator("#steps tbody tr").first().waitFor();
    expect(page.url()).not.toContain("key=");
    expect(await page.evaluate("sessionStorage.getItem('handoff.apiKey')")).toBe(KEY);
    const funnel = await get<FunnelReport>(`/reports/funnel?workflow=${WORKFLOW}`);
    expect(funnel.enrolled).toBeGreaterThan(0);
    for (const name of ["enrolled", "active", "completed", "handedOff", "exited", "converted"] as const)
      expect(await page.locator(`[data-ending="${name}"] dd`).textContent(), name).toBe(
        funnel[name].toLocaleString("en-US"),
      );
    const rows = page.locator("#steps tbody tr");
    expect(await rows.count()).toBe(funnel.steps.length);
    for (const step of funnel.steps) {
      const cells = await page
        .locator(`#steps tr[data-step="${step.step}"] td`)
        .evaluateAll((tds) =>
          Object.fromEntries(tds.map((td) => [td.dataset.metric, Number(td.dataset.count)])),
        );
      const { step: _, links: __, ...metrics } = step;
      expect(cells, step.step).toEqual(metrics);
    }
    expect(await page.locator("#daily-chart canvas").count()).toBeGreaterThan(0);
    await shot(page, "funnel");
    await page.close();
  });

  // needs GET /reports/stages, /reports/attribution, /reports/sla (sla part) and /reports/accounts (accounts part)
  it("shows stages and moves, attribution by model, the SLA per owner and the top accounts (stand-in reports)", async () => {
    const page = await open(`#key=${KEY}`);
    const views = [
      ["Stages", "#stages-now"],
      ["Attribution", "#attribution-models"],
      ["SLA", "#sla-owners"],
      ["Accounts", "#accounts-top"],
    ] as const;
    for (const [link, card] of views) {
      await page.getByRole("link", { name: link, exact: true }).click();
      await page.locator(card).waitFor();
      await expect.poll(() => page.locator(`${card} .muted:text("Loading…")`).count()).toBe(0);
      await shot(page, link.toLowerCase());
    }
    await page.getByRole("link", { name: "Stages", exact: true }).click();
    const stages = await get<{ stages: Record<string, number> }>("/reports/stages");
    for (const [stage, n] of Object.entries(stages.stages))
      expect(
        await page.locator(`#stages tr[data-stage="${stage}"] td[data-count]`).getAttribute("data-count"),
      ).toBe(String(n));
    await page.close();
  });

  // needs GET /contacts?email= and GET /contacts/{id} from the readapi part (the stand-ins answer them here)
  it("finds a contact by email and opens its timeline (stand-in contact routes)", async () => {
    const chosen = views.find((v) => v.events.length > 2 && v.enrollments.length > 1) ?? views[0]!;
    const page = await open(`#key=${KEY}`);
    await page.getByRole("link", { name: "Contacts" }).click();
    await page.getByLabel("Email address or contact id").fill(chosen.contact.email);
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#contact-results a").first().click();
    await page.locator("#timeline li").first().waitFor();
    const detail = await get<ContactDetail>(`/contacts/${chosen.contact.id}`);
    expect(await page.locator("#timeline li").count()).toBe(detail.timeline.length);
    expect(await page.locator("#enrollments tbody tr").count()).toBe(detail.enrollments.length);
    expect(page.url()).toContain(`#contact/${chosen.contact.id}`);
    await shot(page, "contact");
    await page.close();
  });

  // needs GET /tasks from the readapi part and POST /leads/{id}/accept from the sla part (stand-ins here)
  it("accepts a lead from a rep's inbox (stand-in inbox and lead answers)", async () => {
    const lead = views.find((v) => v.contact.owner && v.enrollments.some((e) => e.status === "handed-off"));
    expect(lead, "the simulated month hands off at least one owned lead").toBeDefined();
    const page = await open(`#key=${KEY}`);
    await page.getByRole("link", { name: "Inbox" }).click();
    await page.locator("#owner").selectOption(lead!.contact.owner!);
    const row = page.locator(`#tasks tr[data-task="accept-${lead!.contact.id}"]`);
    await row.waitFor();
    await shot(page, "inbox");
    await row.getByRole("button", { name: "Reject…" }).click();
    await expect.poll(() => row.getByLabel("Reason").count()).toBe(1);
    await row.getByRole("button", { name: "Cancel" }).click();
    await row.getByRole("button", { name: "Accept" }).click();
    await expect
      .poll(() => page.locator("#inbox-message").textContent())
      .toBe(`${lead!.contact.id}: accepted`);
    await expect.poll(() => row.count()).toBe(0);
    expect(standIns.answered.get(lead!.contact.id)).toBe("accepted");
    await page.close();
  });

  it("logged no console error on any of these pages", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("shows the prompt again, with the API's reason, for a wrong key; a right key typed in opens the dashboard", async () => {
    const page = await open("#key=not-a-key-at-all");
    await expect.poll(() => page.locator("#key-reason").count()).toBe(1);
    expect(await page.locator("#key-reason").textContent()).toContain("not a valid key");
    await shot(page, "key-prompt");
    await page.getByLabel("API key").fill(KEY);
    await page.keyboard.press("Enter");
    await page.locator("nav").waitFor();
    expect(await page.locator("#key-reason").count()).toBe(0);
    await page.close();
  });

  it("lays the cards out in one column on a phone, with nothing wider than the screen", async () => {
    const page = await open(`#key=${KEY}`, { width: 390, height: 844 });
    await page.locator("#steps").waitFor();
    const boxes = await page
      .locator(".card")
      .evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().x));
    expect(boxes.length).toBeGreaterThan(1);
    expect(new Set(boxes).size).toBe(1);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await shot(page, "phone");
    await page.close();
  });

  it("is reachable from the keyboard: Tab reaches the views' links, Enter opens one", async () => {
    const page = await open(`#key=${KEY}`);
    await page.locator("nav").waitFor();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate("document.activeElement?.textContent")) === "Stages") break;
    }
    await page.keyboard.press("Enter");
    await page.locator("#stages-now").waitFor();
    expect(await page.locator("main").getAttribute("data-view")).toBe("stages");
    await page.close();
  });
});
