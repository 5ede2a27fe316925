// Section 4: throughput of the parts. Template renders, the whole workspace pipeline (load, check,
// compile, asl-validator), events scored against dynalite, and `handoff enroll --csv`.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { serveApi } from "../src/adapters/local/http-server";
import { catalogFromWorkspace } from "../src/compiler/catalog";
import { compileWorkspace } from "../src/compiler/pipeline";
import type { EngineDeps } from "../src/core/engine/deps";
import { enroll, upsertContact } from "../src/core/engine/enroll-contact";
import { ingestEvent } from "../src/core/engine/ingest";
import type { EmailStep } from "../src/core/language";
import type { Contact, EngagementEvent } from "../src/core/model";
import { createRenderer, type RenderInput } from "../src/core/render";
import { CLI, failure, runCommand } from "./commands";
import { startBenchEngine } from "./local-engine";
import { mapSpread, type Spread, spread, timeAsync, timeSync } from "./stats";

export const RENDERS = 10_000;

/** Milliseconds per 10,000 renders of the sample workflows' emails, for 100 different contacts. */
export async function renderFigures(
  runs: number,
): Promise<{ msPer10k: Spread; perSecond: Spread; emails: number }> {
  const { catalog, templates } = await catalogFromWorkspace({});
  const renderer = createRenderer({ templates, settings: catalog.settings });
  await renderer.prepare();
  const emails = [...catalog.workflows.values()].flatMap((workflow) =>
    workflow.steps
      .filter((step): step is EmailStep => step.type === "email")
      .map((step) => ({ workflow: { id: workflow.id, name: workflow.name }, step })),
  );
  const owner = catalog.settings.owners[0];
  const contacts: Contact[] = Array.from({ length: 100 }, (_, i) => ({
    id: `c-${i}`,
    email: `person${i}@example.com`,
    ...(i % 4 ? { firstName: `Person ${i}`, company: `Company ${i % 17}` } : {}),
    timezone: "America/New_York",
    attributes: { plan: i % 2 ? "pro" : "team" },
    stage: "lead",
    consent: { status: "subscribed", at: "2026-03-02T00:00:00Z", source: "bench" },
    createdAt: "2026-03-02T00:00:00Z",
    updatedAt: "2026-03-02T00:00:00Z",
    ...(owner ? { owner: owner.id } : {}),
  }));
  const input = (i: number): RenderInput => {
    const { workflow, step } = emails[i % emails.length]!;
    return {
      templateId: step.template,
      subject: step.subject,
      ...(step.preheader ? { preheader: step.preheader } : {}),
      contact: contacts[i % contacts.length]!,
      ...(owner ? { owner } : {}),
      workflow,
      unsubscribeUrl: `https://go.acme.example/u?c=${i}`,
      trackLink: (url, tag) => `https://go.acme.example/r?t=${tag}&u=${encodeURIComponent(url)}`,
    };
  };
  for (let i = 0; i < 500; i++) await renderer.render(input(i));
  const msPer10k = await timeAsync(async () => {
    for (let i = 0; i < RENDERS; i++) await renderer.render(input(i));
  }, runs);
  return { msPer10k, perSecond: mapSpread(msPer10k, (ms) => (RENDERS * 1000) / ms), emails: emails.length };
}

/** Milliseconds to load, check, compile and validate (asl-validator) the whole workflows folder. */
export function pipelineFigures(runs: number): Spread {
  return timeSync(() => {
    if (!compileWorkspace({}).ok) throw new Error("the sample workflows do not compile");
  }, runs);
}

const EVENT_MIX: Array<Pick<EngagementEvent, "name" | "properties">> = [
  { name: "email.open", properties: {} },
  { name: "page.view", properties: { path: "/pricing" } },
  { name: "dashboard.created", properties: {} },
  { name: "email.click", properties: { link: "docs" } },
  { name: "page.view", properties: { path: "/security" } },
];

async function enrolledContacts(deps: EngineDeps, prefix: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${i}`;
    await upsertContact(deps, { id, email: `${id}@example.com`, timezone: "America/New_York" });
    await enroll(deps, id, "trial-nurture");
    ids.push(id);
  }
  return ids;
}

/** Events ingested (stored, scored, rules run) per second on dynalite, `concurrency` at a time. */
export async function ingestFigures(
  runs: number,
  events = 1000,
  concurrency = 8,
): Promise<{ eventsPerSecond: Spread; events: number; concurrency: number; contacts: number }> {
  const engine = await startBenchEngine();
  const contactsPerRun = Math.max(1, Math.floor(events / 10));
  try {
    const rates: number[] = [];
    for (let run = 0; run < runs; run++) {
      const deps = await engine.deps();
      const ids = await enrolledContacts(deps, `ingest-${run}`, contactsPerRun);
      const queue = Array.from({ length: events }, (_, i) => i);
      const started = performance.now();
      const worker = async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const kind = EVENT_MIX[i % EVENT_MIX.length]!;
          await ingestEvent(deps, {
            id: `ev-${run}-${i}`,
            contactId: ids[i % ids.length]!,
            at: new Date().toISOString(),
            ...kind,
          });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      rates.push(events / ((performance.now() - started) / 1000));
    }
    return { eventsPerSecond: spread(rates), events, concurrency, contacts: contactsPerRun };
  } finally {
    await engine.close();
  }
}

function csvOf(rows: number, prefix: string): string {
  const lines = ["id,email,first_name,company,timezone,attributes.plan"];
  for (let i = 0; i < rows; i++)
    lines.push(
      `${prefix}-${i},${prefix}-${i}@example.com,Person ${i},"Company ${i % 97}, Inc.",Europe/Paris,pro`,
    );
  return `${lines.join("\n")}\n`;
}

/** `handoff enroll --csv` (a fresh process, as a user runs it) against the HTTP API on dynalite. */
export async function csvEnrollFigures(
  runs: number,
  rows = 10_000,
  onProgress: (what: string) => void = () => {},
): Promise<{ enrollmentsPerSecond: Spread; seconds: Spread; rows: number }> {
  const engine = await startBenchEngine();
  const dir = await mkdtemp(join(tmpdir(), "handoff-bench-csv-"));
  try {
    const seconds: number[] = [];
    for (let run = 0; run < runs; run++) {
      onProgress(`enroll --csv ${rows.toLocaleString("en-US")} rows (run ${run + 1}/${runs})`);
      const api = await serveApi({
        engine: await engine.deps(),
        auth: { apiKeys: [{ name: "bench", key: "bench", scope: "ingest" }], signingSecrets: [] },
      });
      const file = join(dir, `contacts-${run}.csv`);
      await writeFile(file, csvOf(rows, `csv-${run}`));
      const before = engine.started;
      const enrollRun = await runCommand({
        program: "node",
        args: [...CLI, "enroll", "--workflow", "trial-nurture", "--csv", file],
        env: { ...process.env, HANDOFF_API_URL: api.url, HANDOFF_API_KEY: "bench", CI: "1" },
      });
      seconds.push(enrollRun.ms / 1000);
      await api.close();
      const why = failure(enrollRun);
      if (why) throw new Error(`handoff enroll --csv: ${why}`);
      if (engine.started - before !== rows)
        throw new Error(`${engine.started - before} of ${rows} rows were enrolled`);
    }
    const wall = spread(seconds);
    return { seconds: wall, enrollmentsPerSecond: mapSpread(wall, (runSeconds) => rows / runSeconds), rows };
  } finally {
    await Promise.all([engine.close(), rm(dir, { recursive: true, force: true })]);
  }
}
