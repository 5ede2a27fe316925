import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { SMOKE_CHECK_IDS } from "../../src/cli/smoke/plan";
import { handoffInBackground } from "../helpers/cli";
import { checkOf, runSmoke, smokeContactIds, smokeStage } from "../helpers/smoke-stage";
import { startedForTests } from "../helpers/stand-in";
import { REPO } from "../helpers/workspace";

/** Each check's deadline: what is awaited happens within seconds of wall time; a loaded machine is slower. */
const TIMEOUT = 60;

describe("handoff smoke against a live local stage", () => {
  const stage = startedForTests(
    () => smokeStage(),
    (started) => started.close(),
  );

  it("passes every check, then erases every smoke contact", async () => {
    const { code, report, stderr } = await runSmoke(stage.url, stage.key, TIMEOUT);
    expect(code, `${stderr}\n${JSON.stringify(report, null, 2)}`).toBe(0);
    expect(report.checks.map((check) => check.id)).toEqual([...SMOKE_CHECK_IDS]);
    for (const check of report.checks) expect(check.status, `${check.id}: ${check.detail}`).toBe("pass");
    expect(report).toMatchObject({ api: stage.url, passed: SMOKE_CHECK_IDS.length, failed: 0, skipped: 0 });
    expect(report.run).toMatch(/^handoff-smoke-\d{8}T\d{6}Z-[0-9a-f]{4}$/);
    expect(checkOf(report, "out-of-office").detail).toContain(
      "reached the inbound function as an auto-reply",
    );
    // Progress went to stderr, a line per check as it ended.
    expect(stripVTControlCharacters(stderr)).toMatch(/✓ delivery/);
    // Every contact the run made is gone: the API knows none of them.
    expect(report.erased).toBe(smokeContactIds(report).length);
    for (const id of smokeContactIds(report)) {
      const answer = await fetch(`${stage.url}/contacts/${id}`, { headers: { "x-api-key": stage.key } });
      expect(answer.status, id).toBe(404);
    }
    expect(stage.clockErrors).toEqual([]);
  }, 120_000);

  it("refuses a wrong key in one line, exit 2, before it enrolls anyone", async () => {
    const run = await handoffInBackground([
      "smoke",
      "--api",
      stage.url,
      "--api-key",
      "not-the-key-0123456789",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "handoff smoke: the API refused the key (401): give an admin key of HANDOFF_API_KEYS\n",
    );
    expect(run.stdout).toBe("");
  });
});

describe("handoff smoke against an API without the smoke route (a stage deployed before it)", () => {
  it("says so in one line, exit 1, before it enrolls anyone", async () => {
    const asked: string[] = [];
    // API Gateway's answer to a route it does not have.
    const server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await handoffInBackground(["smoke", "--api", url, "--api-key", "an-admin-key-0123456789"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^handoff smoke: the API has no smoke route \(GET \/smoke\/contacts\/\{id\}\): this stage has no smoke workflows or smoke route: deploy it from this version of Handoff \(npx sst deploy\), then run handoff smoke again\n$/,
      );
      expect(asked).toEqual([expect.stringMatching(/^GET \/smoke\/contacts\/handoff-smoke-\S+-preflight$/)]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** Resolves with the first match of `pattern` in the child's stdout (rejects if it exits first). */
function printed(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = pattern.exec(out);
      if (match) resolve(match);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before printing ${pattern}:\n${out}`)));
  });
}

describe("handoff smoke against npm start -- --serve", () => {
  it("passes against the served simulation, which stops on SIGINT", async () => {
    const key = "smoke-start-serve-key-0123456789abcdef";
    const child = spawn(
      process.execPath,
      [join(REPO, "src/cli/bin.js"), "start", "--serve", "--port", "0", "--contacts", "50"],
      { cwd: REPO, env: { ...process.env, NO_COLOR: "1", CI: "true", HANDOFF_LOCAL_KEY: key } },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const [, url] = await printed(child, /API +(http:\/\/127\.0\.0\.1:\d+)/);
      const { code, report, stderr } = await runSmoke(url!, key, TIMEOUT);
      expect(code, `${stderr}\n${JSON.stringify(report, null, 2)}`).toBe(0);
      expect(report.failed).toBe(0);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).not.toBeNull();
  }, 240_000);
});
