import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  sampleAccountsReport,
  sampleAttributionReport,
  sampleContactDetail,
  sampleFunnelReport,
  sampleSlaReport,
  sampleStagesReport,
} from "../helpers/report-samples.js";
import { startedForTests } from "../helpers/stand-in.js";
import { listenLocally } from "../helpers/stub-server.js";
import { REPO } from "../helpers/workspace.js";

const KEY = "viewer-key-for-the-cli-test";

/** What the read routes answer (src/core/reports/report-types.ts), by path. */
const ANSWERS: Record<string, unknown> = {
  "/reports/funnel": sampleFunnelReport(),
  "/reports/stages": sampleStagesReport(),
  "/reports/sla": sampleSlaReport(),
  "/reports/accounts": sampleAccountsReport(),
  "/reports/attribution": sampleAttributionReport(),
  "/contacts/p000001": sampleContactDetail(),
};

/**
 * A STAND-IN for the read routes, until they are merged: it answers the contract's shapes, checks
 * the key and refuses an unknown workflow as the API does. It records each request's path and query.
 */
async function readRoutesStandIn() {
  const requests: string[] = [];
  const server = await listenLocally((req, _body, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(`${url.pathname}${url.search}`);
    const answer = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers["x-api-key"] !== KEY)
      return answer(401, { error: "unauthenticated", reason: "give an API key in x-api-key" });
    if (url.searchParams.get("workflow") === "nope")
      return answer(400, { error: "invalid-request", reason: "workflow: no workflow nope" });
    const found = ANSWERS[url.pathname];
    return found ? answer(200, found) : answer(404, { error: "not-found", reason: "no such contact" });
  });
  return { ...server, requests };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `handoff <args>` as a child process (the stand-in keeps answering meanwhile). */
function handoff(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO, "src/cli/bin.js"), ...args],
      { cwd: REPO, env: { ...process.env, NO_COLOR: "1", HANDOFF_API_URL: "", HANDOFF_API_KEY: "", ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("handoff report and handoff contact (against a stand-in of the read routes until they are merged)", () => {
  const standIn = startedForTests(readRoutesStandIn, (server) => server.close());
  const api = () => ["--api", standIn.endpoint, "--api-key", KEY];

  it("prints the funnel as tables, rates, links and a daily chart; --json prints the answer as it is", async () => {
    const text = await handoff([
      "report",
      "funnel",
      "--workflow",
      "trial-nurture",
      ...api(),
      "--from",
      "2026-03-02",
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(standIn.requests.at(-1)).toBe("/reports/funnel?workflow=trial-nurture&from=2026-03-02");
    expect(text.stdout).toContain("Funnel of trial-nurture, 2026-03-02 to 2026-03-05");
    expect(text.stdout).toMatch(/handed off +█+·* +30 +15\.0%/);
    expect(text.stdout).toMatch(/welcome +60\.0% +22\.0% +1\.5%/);
    expect(text.stdout).toMatch(/welcome → pricing +30 +15\.0%/);
    expect(text.stdout).toMatch(/2026-03-04 █{24} +150 +70 +18 +0 +20\n/);
    const json = await handoff(["report", "funnel", "--workflow", "trial-nurture", "--json"], {
      HANDOFF_API_URL: standIn.endpoint,
      HANDOFF_API_KEY: KEY,
    });
    expect(JSON.parse(json.stdout)).toEqual(sampleFunnelReport());
  }, 60_000);

  it("prints stages and moves, the SLA with medians as durations, accounts and attribution", async () => {
    const [stages, sla, accounts, attribution] = await Promise.all([
      handoff(["report", "stages", ...api()]),
      handoff(["report", "sla", ...api(), "--to", "2026-03-05T12:00:00Z"]),
      handoff(["report", "accounts", "--limit", "5", ...api()]),
      handoff(["report", "attribution", "--by", "channel", ...api()]),
    ]);
    expect(stages.stdout).toMatch(/subscriber +█+·* +120 +60\.0%/);
    expect(stages.stdout).toMatch(/\(new\) → subscriber +200/);
    expect(sla.stdout).toMatch(/ana +10 +8 +80\.0% +1 +1 +2h 13m +1d 1h/);
    expect(sla.stdout).toMatch(/bo +2 +0 +0\.0% +0 +2 +– +–/);
    expect(sla.stdout).toMatch(/ana +not-a-fit +1/);
    expect(accounts.stdout).toMatch(/acme\.example +140 +sql +ana +4 +3/);
    expect(attribution.stdout).toContain("Attribution by channel");
    expect(standIn.requests).toEqual(
      expect.arrayContaining([
        "/reports/stages",
        "/reports/sla?to=2026-03-05T12%3A00%3A00Z",
        "/reports/accounts?limit=5",
        "/reports/attribution?by=channel",
      ]),
    );
  }, 60_000);

  it("shows a contact with its enrollments and timeline", async () => {
    const shown = await handoff(["contact", "p000001", ...api()]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("Ada Lovelace <ada@example.com>  p000001");
    expect(shown.stdout).toContain("stage mql, score 45, owner ana, account example.com");
    expect(shown.stdout).toMatch(/trial-nurture\.1 +trial-nurture +handed-off +handoff/);
    expect(shown.stdout).toMatch(
      /2026-03-02T10:00:00\.000Z {2}email\.sent +Welcome to the trial {2}\(trial-nurture\/welcome\)/,
    );
  }, 60_000);

  it("says in one line what is wrong, exit 2: usage mistakes, a refused key, the API's reason, no API", async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ["report", "fun", ...api()],
        /^handoff report: unknown report "fun"; there are funnel, stages, sla, accounts, attribution\n$/,
      ],
      [["report", "funnel", ...api()], /^handoff report: the funnel report needs --workflow <id>\n$/],
      [
        ["report", "stages", "--from", "March 2", ...api()],
        /^handoff report: --from takes a day \(2026-03-02\)/,
      ],
      [
        ["report", "stages", "--workflow", "x", ...api()],
        /^handoff report: the stages report takes no --workflow\n$/,
      ],
      [
        ["report", "attribution", "--by", "week", ...api()],
        /^handoff report: --by takes channel or campaign/,
      ],
      [["report", "accounts", "--limit", "0", ...api()], /^handoff report: --limit takes a whole number/],
      [
        ["report", "stages", "--api", standIn.endpoint, "--api-key", "wrong-key-0123456789"],
        /^handoff report: the API answered 401: give an API key in x-api-key\n$/,
      ],
      [
        ["report", "funnel", "--workflow", "nope", ...api()],
        /^handoff report: the API answered 400: workflow: no workflow nope\n$/,
      ],
      [["contact", "nobody", ...api()], /^handoff contact: the API answered 404: no such contact\n$/],
      [
        ["report", "stages", "--api", "http://127.0.0.1:9", "--api-key", KEY],
        /^handoff report: cannot reach http:\/\/127\.0\.0\.1:9/,
      ],
      [["report", "stages"], /^give --api and --api-key/],
    ];
    const runs = await Promise.all(cases.map(([args]) => handoff(args)));
    runs.forEach((run, i) => {
      const [args, expected] = cases[i]!;
      expect(run.stderr, args.join(" ")).toMatch(expected);
      expect(run.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
    });
  }, 120_000);
});
