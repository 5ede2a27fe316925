import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AsanaTaskTracker } from "../../../src/adapters/aws/asana-tracker";
import { parseApiKeys } from "../../../src/adapters/http/keys";
import { serveApi } from "../../../src/adapters/local/http-server";
import { LocalRuntime } from "../../../src/runtime/local-runtime";
import { ASANA_PROJECT, ASANA_TOKEN } from "../../helpers/asana-engine";
import { AsanaServer } from "../../helpers/asana-server";
import { givenEnrolled } from "../../helpers/given";
import { copySamples } from "../../helpers/workspace";

const HOUR = 3600_000;
const START = Date.parse("2026-03-02T14:00:00Z"); // a Monday, 09:00 in New York
const ADMIN = "admin-key-0123456789abcdef";

/** The samples with settings.integrations.asana set. */
function samplesWithAsana(): string {
  const dir = copySamples();
  const file = join(dir, "workflows", "settings.json");
  const settings = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  settings.integrations = {
    asana: {
      tokenSecret: "ASANA_TOKEN",
      project: ASANA_PROJECT,
      assignees: { "rep-ana": "ana@acme.example" },
    },
  };
  writeFileSync(file, JSON.stringify(settings, null, 2));
  return dir;
}

describe("Asana in the local runtime (compiled machines), against a local server speaking Asana's API subset", () => {
  let asana: AsanaServer;
  let rt: LocalRuntime;
  beforeAll(async () => {
    asana = await AsanaServer.start(ASANA_TOKEN);
    const settings = { project: ASANA_PROJECT, assignees: { "rep-ana": "ana@acme.example" } };
    const taskTracker = new AsanaTaskTracker({ token: ASANA_TOKEN, ...settings, apiUrl: asana.apiUrl });
    rt = await LocalRuntime.start({
      cwd: samplesWithAsana(),
      start: new Date(START),
      backend: "memory",
      taskTracker,
    });
  });
  afterAll(async () => {
    await rt.close();
    await asana.close();
  });

  it("creates sdr-follow-up's call task in Asana; completing it there moves the machine on to the next email", async () => {
    await givenEnrolled(rt.deps, "rt-as", "sdr-follow-up", {
      firstName: "Ana",
      company: "Globex",
      owner: "rep-ana",
      timezone: "America/New_York",
    });
    // Hour by hour until the call task exists (after the intro and the 2-day wait), never past its 1-day timeout.
    let task = (await rt.deps.store.listTasks("rep-ana", "open"))[0];
    for (let hour = 1; !task && hour < 24 * 4; hour++) {
      await rt.runUntil(START + hour * HOUR);
      task = (await rt.deps.store.listTasks("rep-ana", "open"))[0];
    }
    expect(task?.externalId).toBeDefined();
    const created = asana.tasks.get(task!.externalId!);
    expect(created).toMatchObject({
      projects: [ASANA_PROJECT],
      assignee: "ana@acme.example",
      due_at: task!.deadline,
    });
    expect(created?.name).toMatch(/^Call Ana at Globex/);

    const apiKeys = parseApiKeys(JSON.stringify([{ name: "ops", key: ADMIN, scope: "admin" }]));
    const api = await serveApi(rt.http({ apiKeys, signingSecrets: [] }));
    try {
      const connected = await fetch(`${api.url}/integrations/asana/connect`, {
        method: "POST",
        headers: { "x-api-key": ADMIN, "content-type": "application/json" },
        body: JSON.stringify({ api: api.url }),
      });
      expect(connected.status).toBe(201);
      await asana.complete(task!.externalId!);
    } finally {
      await api.close();
    }
    expect(asana.deliveries.at(-1)?.status).toBe(200);
    await rt.runUntil(rt.clock.millis() + HOUR);
    expect((await rt.deps.store.getTask(task!.id))?.status).toBe("completed");
    const enrollment = await rt.deps.store.getEnrollment("rt-as", task!.enrollmentId);
    // The machine left the task for the bump email at once, and now waits before the breakup.
    expect(enrollment?.currentStep).not.toBe("call");
    expect((await rt.deps.store.getSend("rt-as", task!.enrollmentId, "bump"))?.status).toBe("sent");
  });
});
