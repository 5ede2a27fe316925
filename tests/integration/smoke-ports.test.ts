/**
 * `handoff smoke` against a local stage whose permissions, links domain or API are broken on
 * purpose, one check at a time: exit 1, that check's failure and what to do, every other check
 * still reported; and Ctrl-C in the middle of a run still erases its contacts.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { FIXES } from "../../src/cli/smoke/causes";
import { SMOKE_CHECK_IDS } from "../../src/cli/smoke/plan";
import type { SmokeReport } from "../../src/cli/smoke/result";
import type { WorkflowControl } from "../../src/core/ports";
import { SMOKE_SEQUENCE } from "../../src/core/smoke";
import { linkEmailsTo } from "../../src/runtime/live-serve";
import {
  accessDenied,
  brokenProxy,
  byStatus,
  checkOf,
  smokeAgainstBroken,
  smokeContactIds,
  smokeStage,
  withMethod,
} from "../helpers/smoke-stage";
import { REPO } from "../helpers/workspace";

/** A failing check waits this long; the others end within seconds. */
const TIMEOUT = 15;
const others = (...failing: string[]) => SMOKE_CHECK_IDS.filter((id) => !failing.includes(id));

/** A loopback URL nothing listens on (a port taken, then given back). */
async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe("handoff smoke, each check of the stage's wiring broken on purpose", () => {
  it("interrupt: SendTaskSuccess is not allowed", async () => {
    const control = (inner: WorkflowControl) =>
      withMethod(inner, "sendTaskSuccess", async () => {
        throw accessDenied("states:SendTaskSuccess");
      });
    const { code, report } = await smokeAgainstBroken({ decorate: { control } }, TIMEOUT);
    expect(code).toBe(1);
    const interrupt = checkOf(report, "interrupt");
    expect(interrupt).toMatchObject({ status: "fail", fix: FIXES["task-token"] });
    expect(interrupt.detail).toMatch(/handoff\.smoke-continue/);
    expect(byStatus(report)).toEqual({ fail: ["interrupt"], pass: others("interrupt"), skip: [] });
  }, 90_000);

  it("handoff: StartExecution of the sequence is not allowed", async () => {
    const control = (inner: WorkflowControl) =>
      withMethod(inner, "startExecution", async (workflowId, name, input) => {
        if (workflowId === SMOKE_SEQUENCE) throw accessDenied("states:StartExecution");
        return inner.startExecution(workflowId, name, input);
      });
    const { code, report } = await smokeAgainstBroken({ decorate: { control } }, TIMEOUT);
    expect(code).toBe(1);
    const handoff = checkOf(report, "handoff");
    expect(handoff).toMatchObject({ status: "fail", fix: FIXES["start-execution"] });
    expect(handoff.detail).toMatch(/AccessDenied|not authorized/);
    expect(byStatus(report)).toEqual({ fail: ["handoff"], pass: others("handoff"), skip: [] });
  }, 90_000);

  it("links: the emails' links domain does not reach the API", async () => {
    const wrongBase = async (stage: { runtime: Parameters<typeof linkEmailsTo>[0]; url: string }) => {
      linkEmailsTo(stage.runtime, await closedUrl());
      return { url: stage.url, close: async () => {} };
    };
    const { code, report } = await smokeAgainstBroken({}, TIMEOUT, wrongBase);
    expect(code).toBe(1);
    const links = checkOf(report, "links");
    expect(links).toMatchObject({ status: "fail", fix: FIXES["links-domain"] });
    expect(links.detail).toMatch(
      /^the click link http:\/\/127\.0\.0\.1:\d+\/… did not answer \(ECONNREFUSED\)$/,
    );
    expect(byStatus(report)).toEqual({ fail: ["links"], pass: others("links"), skip: [] });
  }, 90_000);

  it("links: a proxy on the links domain answers 502 for the click and unsubscribe routes", async () => {
    const proxied = async (stage: { runtime: Parameters<typeof linkEmailsTo>[0]; url: string }) => {
      const proxy = await brokenProxy(stage.url, (_method, path) =>
        /^\/[ru]\//.test(path) ? 502 : undefined,
      );
      linkEmailsTo(stage.runtime, proxy.url);
      return proxy;
    };
    const { code, report } = await smokeAgainstBroken({}, TIMEOUT, proxied);
    expect(code).toBe(1);
    expect(checkOf(report, "links")).toMatchObject({
      status: "fail",
      detail: "the click link answered 502, not a redirect to https://example.com/handoff-smoke",
    });
  }, 90_000);

  it("erasure: DELETE /contacts/{id} answers 500", async () => {
    const proxied = (stage: { url: string }) =>
      brokenProxy(stage.url, (method, path) =>
        method === "DELETE" && path.startsWith("/contacts/") ? 500 : undefined,
      );
    const { code, report } = await smokeAgainstBroken({}, TIMEOUT, proxied);
    expect(code).toBe(1);
    const erasure = checkOf(report, "erasure");
    expect(erasure).toMatchObject({ status: "fail", fix: FIXES.erasure });
    const count = smokeContactIds(report).length;
    expect(erasure.detail).toMatch(
      new RegExp(
        `^${count} of ${count} smoke contacts not erased: handoff-smoke-\\S+-delivery \\(500: broken-on-purpose\\)`,
      ),
    );
    expect(report.erased).toBe(0);
    expect(byStatus(report)).toEqual({ fail: ["erasure"], pass: others("erasure"), skip: [] });
  }, 90_000);
});

describe("handoff smoke interrupted (Ctrl-C)", () => {
  it("stops waiting, erases every smoke contact, reports, and exits 130", async () => {
    const stage = await smokeStage({ sesSimulator: { events: "lost" } });
    try {
      const child = spawn(
        process.execPath,
        [join(REPO, "src/cli/bin.js"), "smoke", "--api", stage.url, "--api-key", stage.key, "--json"],
        { cwd: REPO, env: { ...process.env, NO_COLOR: "1" } },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
      });
      // Once the checks that need no SES event have passed, the others wait (for 180 s): interrupt them.
      await new Promise<void>((resolve) =>
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString("utf8");
          if (stripVTControlCharacters(stderr).includes("✓ links")) resolve();
        }),
      );
      child.kill("SIGINT");
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code, stderr).toBe(130);
      expect(stderr).toContain("interrupted: erasing the smoke contacts");
      const report = JSON.parse(stdout) as SmokeReport;
      expect(checkOf(report, "delivery")).toMatchObject({ status: "fail", detail: "interrupted (Ctrl-C)" });
      expect(checkOf(report, "erasure").status).toBe("pass");
      for (const id of smokeContactIds(report)) {
        const answer = await fetch(`${stage.url}/contacts/${id}`, { headers: { "x-api-key": stage.key } });
        expect(answer.status, id).toBe(404);
      }
    } finally {
      await stage.close();
    }
  }, 90_000);
});
