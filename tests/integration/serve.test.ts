import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FunnelReport } from "../../src/core/reports/report-types.js";
import { REPO } from "../helpers/workspace.js";

/** The dashboard's URL and key, and the mailbox page's URL, as `--serve` prints them (in one write). */
const SERVED =
  /dashboard +(http:\/\/127\.0\.0\.1:\d+)\/#key=(\S+)[\s\S]*mailbox +(http:\/\/127\.0\.0\.1:\d+\/mailbox\/)/;

/** Resolves with the first match of `pattern` in the child's stdout (rejects if it exits first). */
function printed(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = pattern.exec(out);
      if (match) resolve(match);
    });
    child.once("exit", (code) =>
      reject(new Error(`exited ${code} before printing ${pattern}:\n${out}\n${err}`)),
    );
  });
}

describe("npm start -- --serve", () => {
  const out = mkdtempSync(join(tmpdir(), "handoff-serve-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("serves the API of the simulated data on the printed URL with the printed key, until SIGINT", async () => {
    const child = spawn(
      process.execPath,
      [
        join(REPO, "src/cli/bin.js"),
        "start",
        "--serve",
        "--port",
        "0",
        "--memory",
        "--contacts",
        "20",
        "--out",
        out,
      ],
      { cwd: REPO, env: { ...process.env, NO_COLOR: "1", CI: "true", HANDOFF_LOCAL_KEY: undefined } },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const [, url, key, mailbox] = await printed(child, SERVED);
      expect(key!.length).toBeGreaterThanOrEqual(32);
      const get = (path: string, apiKey?: string) =>
        fetch(`${url}${path}`, { headers: apiKey ? { "x-api-key": apiKey } : {} });
      expect((await get("/enrollments/failed", key)).status).toBe(200);
      expect((await get("/enrollments/failed")).status).toBe(401);
      expect((await get("/enrollments/failed", "not-the-key-0123456789")).status).toBe(401);
      // The simulated data is what the API answers: the first prospect is there.
      const exported = await get("/contacts/p000001/export", key);
      expect(exported.status).toBe(200);
      expect(await exported.json()).toMatchObject({ contactId: "p000001" });
      // The read API's reports are the simulated month's: the funnel counted its enrollments.
      const funnel = await get("/reports/funnel?workflow=trial-nurture", key);
      expect(funnel.status).toBe(200);
      const report = (await funnel.json()) as FunnelReport;
      expect(report.workflow).toBe("trial-nurture");
      expect(report.enrolled).toBeGreaterThan(0);
      // The in-memory run's mailbox page lists the first emails and shows each whole.
      const list = await fetch(mailbox!);
      expect(list.status).toBe(200);
      expect(await list.text()).toMatch(/The first [1-9]\d* emails of the simulation/);
      expect(await (await fetch(`${mailbox}1`)).text()).toContain("<html");
      expect((await fetch(`${mailbox}999`)).status).toBe(404);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).not.toBeNull();
  }, 240_000);
});
