import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localAdminKey } from "../../src/adapters/http/keys";
import { CapturedMailer } from "../../src/adapters/local/captured-mailer";
import { CapturedSlack } from "../../src/adapters/local/captured-slack";
import { serveApi } from "../../src/adapters/local/http-server";
import { MemoryContactStore } from "../../src/adapters/local/memory-store";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import { engineDeps } from "../../src/core/engine/deps";
import { visitorContactId, visitorKey } from "../../src/core/engine/visitors";
import type { ContactDetail } from "../../src/core/reports/report-types";
import { CHROMIUM, launchChromium } from "../helpers/chromium";
import { RecordingControl, TUESDAY_MORNING } from "../helpers/engine";
import { REPO } from "../helpers/workspace";

// The tracking script in headless Chromium: pages served from one origin (127.0.0.1:<port>), the
// API (the real router on the memory store) from another; the same pages as http://localhost:<port>
// are an origin the site key does not list.
const TIMEOUT = 120_000;
const KEY = "tracking-test-key-0123456789";
const SITE = "browser-test-site";

/** The site's pages: the snippet (queue stub and script tag) in every page's head. */
function pages(api: string): Record<string, string> {
  const head = `<script>window.handoff=window.handoff||function(){(handoff.q=handoff.q||[]).push(arguments)};</script><script async src="${api}/t.js" data-site="${SITE}"></script>`;
  const html = (title: string, body: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
  return {
    "/": html("Home", `<a id="next" href="/pricing">Pricing</a>`),
    "/pricing": html("Pricing", `<a id="next" href="/contact">Contact us</a>`),
    "/contact": html(
      "Contact",
      `<form data-handoff-form="demo" action="/thanks" method="get"><input name="email"><input name="firstName"><button id="send">Send</button></form>`,
    ),
    "/thanks": html("Thanks", "<p>Thanks</p>"),
  };
}

async function serveSite(api: string): Promise<{ server: Server; port: number }> {
  const site = pages(api);
  const server = createServer((request, response) => {
    const body = site[new URL(request.url ?? "/", "http://site").pathname];
    response.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" }).end(body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe("the tracking script in headless Chromium", { timeout: TIMEOUT }, () => {
  const store = new MemoryContactStore();
  let api: Awaited<ReturnType<typeof serveApi>> | undefined;
  let site: { server: Server; port: number } | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  const listed = () => `http://127.0.0.1:${site!.port}`;

  beforeAll(async () => {
    const loaded = await catalogFromWorkspace({
      cwd: REPO,
      workflowsDir: "workflows",
      templatesDir: "templates",
    });
    // Each reading of the clock is a second later: events in the order they came, a fresh rate count.
    let tick = 0;
    const clock = { now: () => new Date(Date.parse(TUESDAY_MORNING) + 1000 * tick++) };
    const engine = engineDeps({
      catalog: loaded,
      store,
      mailer: new CapturedMailer(),
      control: new RecordingControl(),
      slack: new CapturedSlack({ clock }),
      clock,
      ids: { next: (prefix) => `${prefix}-${++tick}` },
      tokens: { current: "k1", keys: { k1: "test-secret-0123456789abcdef" } },
    });
    api = await serveApi({ engine, auth: { apiKeys: [localAdminKey(KEY)], signingSecrets: [] } });
    site = await serveSite(api.url);
    const { settings } = engine.catalog;
    settings.tracking = { sites: [{ key: SITE, origins: [listed()] }] };
    browser = await launchChromium();
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await new Promise((resolve) => site?.server.close(resolve));
  }, TIMEOUT);

  /** A page in a fresh context (no cookies), with `init` (a script) run before each page's own. */
  async function newPage(init?: string): Promise<{ context: BrowserContext; page: Page }> {
    if (!browser) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
    const context = await browser.newContext();
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return { context, page };
  }

  /** The answer to the next POST /t, once `action` has run. */
  async function collected(page: Page, action: () => Promise<unknown>): Promise<Response> {
    const answer = page.waitForResponse(
      (r) => r.url() === `${api!.url}/t` && r.request().method() === "POST",
    );
    await action();
    return answer;
  }

  const cookie = async (context: BrowserContext, name: string) =>
    (await context.cookies()).find((c) => c.name === name)?.value;

  it("landing with UTM, a second page and a form: the contact's timeline holds the page views, the form and the touch", async () => {
    const { context, page } = await newPage();
    const landing = `${listed()}/?utm_source=newsletter&utm_medium=email&utm_campaign=spring`;
    expect((await collected(page, () => page.goto(landing))).status()).toBe(202);
    expect((await collected(page, () => page.click("#next"))).status()).toBe(202);
    expect((await collected(page, () => page.click("#next"))).status()).toBe(202);
    const visitor = (await cookie(context, "hnd_vid"))!;
    expect(visitor).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await store.listEvents(visitorKey(visitor))).map((e) => e.properties.path)).toEqual([
      "/",
      "/pricing",
      "/contact",
    ]);

    await page.fill("input[name=email]", "visitor@example.com");
    await page.fill("input[name=firstName]", "Vera");
    // The batch goes out as the form navigates away (a keepalive request): seen by the context.
    const sent: Array<{ calls: Array<{ type: string }> }> = [];
    context.on("request", (request) => {
      if (request.url() === `${api!.url}/t`) sent.push(JSON.parse(request.postData()!));
    });
    await page.click("#send");
    await page.waitForURL(/\/thanks\?/);
    await expect.poll(() => sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.map((body) => body.calls.map((call) => call.type).join("+")).sort()).toEqual([
      "identify+track",
      "page",
    ]);
    await expect
      .poll(async () => (await store.listEvents(visitorContactId("visitor@example.com"))).length)
      .toBe(5);

    const contactId = visitorContactId("visitor@example.com");
    const response = await fetch(`${api!.url}/contacts/${contactId}`, { headers: { "x-api-key": KEY } });
    const detail = (await response.json()) as ContactDetail;
    expect(detail.contact).toMatchObject({ email: "visitor@example.com", firstName: "Vera" });
    const kinds = detail.timeline.map((entry) => entry.kind);
    expect(kinds.filter((kind) => kind === "page.view").length).toBeGreaterThanOrEqual(3);
    expect(kinds).toContain("form.submitted");
    // The touch: the landing page view carries it; the timeline's `touch` entry comes with the
    // attribution part (src/core/reports/timeline.ts), asserted when it is there.
    const events = await store.listEvents(contactId);
    const first = events.find((e) => e.name === "page.view" && e.properties.path === "/")!;
    expect(first.properties).toMatchObject({ source: "newsletter", medium: "email", campaign: "spring" });
    expect(events.filter((e) => e.properties.source !== undefined)).toHaveLength(1);
    const touch = detail.timeline.find((entry) => entry.kind === "touch");
    if (touch) expect(touch.text).toContain("newsletter");
    expect(await store.listEvents(visitorKey(visitor))).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("a page from an origin the site key does not list is refused (403), and nothing is kept", async () => {
    const { context, page } = await newPage();
    // 403 without a CORS header: the browser refuses the answer (the request fails).
    const failed = page.waitForEvent("requestfailed", (request) => request.url() === `${api!.url}/t`);
    await page.goto(`http://localhost:${site!.port}/`);
    await failed;
    const visitor = (await cookie(context, "hnd_vid"))!;
    expect(await store.listEvents(visitorKey(visitor))).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("with Global Privacy Control on, nothing is sent (no cookie, no request) before consent(true); then it is", async () => {
    const { context, page } = await newPage(
      'Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true });',
    );
    const requests: string[] = [];
    page.on("request", (request) => request.url().endsWith("/t") && requests.push(request.method()));
    await page.goto(`${listed()}/`);
    // The script ran (its page call was made and its flush, a microtask later, too).
    await page.waitForFunction("window.handoff && window.handoff.loaded");
    await page.evaluate("new Promise((resolve) => requestAnimationFrame(resolve))");
    expect(await page.evaluate("navigator.globalPrivacyControl")).toBe(true);
    expect(await cookie(context, "hnd_vid")).toBeUndefined();
    expect(requests).toEqual([]);

    const consented = await collected(page, () => page.evaluate("handoff('consent', true)"));
    expect(consented.status()).toBe(202);
    const body = JSON.parse(consented.request().postData()!);
    expect(body).toMatchObject({ consent: true, calls: [{ type: "page", landing: true }] });
    expect(await cookie(context, "hnd_consent")).toBe("1");
    expect((await store.listEvents(visitorKey(body.visitor))).map((e) => e.name)).toEqual(["page.view"]);
    await context.close();
  });

  it("a page whose cookies throw still sends, with an in-memory visitor id, and raises no error", async () => {
    const blocked = 'throw new DOMException("cookies are blocked", "SecurityError")';
    const { context, page } = await newPage(
      `Object.defineProperty(Document.prototype, "cookie", { get() { ${blocked} }, set() { ${blocked} } });`,
    );
    const sent = await collected(page, () => page.goto(`${listed()}/pricing`));
    expect(sent.status()).toBe(202);
    expect(JSON.parse(sent.request().postData()!).visitor).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await context.cookies()).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
