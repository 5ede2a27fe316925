// The bench's command sections (bench/cli.ts, bench/scenarios.ts, bench/start.ts) and issue 17's
// targets: their parsing and verdicts only. Nothing here spawns the CLI or times anything.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseArgs } from "../../bench/args";
import type { CliFigures } from "../../bench/cli";
import { failure } from "../../bench/commands";
import { formatResults } from "../../bench/report";
import { type BenchResults, machine, priceSources } from "../../bench/results";
import { backendFlags, parseTestOutput, type ScenarioFigures } from "../../bench/scenarios";
import { measureOutput, type StartFigures, startArgs } from "../../bench/start";
import { spread } from "../../bench/stats";
import { evaluateTargets } from "../../bench/targets";
import { laptopTargets } from "../../bench/targets-issue17";

const TEST_OUTPUT = [
  "✓ Demo request hands off (workflows/tests/demo-request-handoff.json)  1.2 s",
  "✗ Hard bounce (stops) (workflows/tests/hard-bounce.json)  0.4 s",
  '    ✗ {"stage":"lost"}',
  "      found stage mql",
  "✓ Weekend hold (workflows/tests/weekend-hold.json)  250 ms",
  "✓ Untimed (workflows/tests/untimed.json)",
  "",
  "✗ 4 scenarios: 3 passed, 1 failed",
].join("\n");

const cliFigures = (helpMs: number, validateMs: number): CliFigures => ({
  load: 1,
  baseline: { command: "node -e 0", ms: spread([40, 50, 45]) },
  help: { command: "node src/cli/bin.js --help", ms: spread([helpMs, helpMs + 10, helpMs - 10]) },
  validate: { command: "node src/cli/bin.js validate", ms: spread([validateMs]) },
});

const scenarioFigures = (memorySeconds: number): ScenarioFigures => ({
  load: 1,
  backends: [
    {
      backend: "memory",
      command: "node src/cli/bin.js test --memory",
      wallSeconds: spread([memorySeconds]),
      count: 29,
      passed: 29,
      failed: 0,
      perScenarioSeconds: spread([0.1, 0.1, 0.2]),
    },
    { backend: "servers", command: "node src/cli/bin.js test --servers", error: "exit code 1: boom" },
  ],
});

const startFigures: StartFigures = {
  load: 1,
  command: "node src/cli/bin.js start --out <a temporary folder>",
  wallSeconds: spread([20, 22]),
  output: {
    reportHtmlBytes: 2 ** 20,
    emailsFile: "emails.jsonl",
    emailsBytes: 3 * 2 ** 20,
    htmlFiles: 50,
    htmlBytes: 2 ** 20,
    totalBytes: 5 * 2 ** 20,
  },
};

describe("bench command sections", () => {
  it("selects the command sections and runs the long commands at most 3 times", () => {
    expect([...parseArgs(["--only", "cli,scenarios,start"]).sections]).toEqual(["cli", "scenarios", "start"]);
    expect(parseArgs([]).commandRuns).toBe(3);
    expect(parseArgs(["--quick"]).commandRuns).toBe(1);
    expect(parseArgs(["--runs", "5"]).commandRuns).toBe(3);
    expect(parseArgs(["--runs", "1"]).commandRuns).toBe(1);
    expect(parseArgs([]).backends).toEqual(["memory", "servers"]);
    expect(parseArgs(["--backends", "memory"]).backends).toEqual(["memory"]);
    expect(() => parseArgs(["--only", "clis"])).toThrow(/--only takes cli, scenarios, start/);
  });

  it("runs 100,000 contacts on memory by default, not with --quick or --sizes", () => {
    const has100k = (argv: string[]) =>
      parseArgs(argv).simulations.some((plan) => plan.contacts === 100_000 && plan.backend === "memory");
    expect(has100k([])).toBe(true);
    expect(has100k(["--quick"])).toBe(false);
    expect(has100k(["--sizes", "1000,10000"])).toBe(false);
    expect(has100k(["--sizes", "100000", "--backends", "memory"])).toBe(true);
  });

  it("reads the count, the failures and each scenario's time from `handoff test`'s output", () => {
    expect(parseTestOutput(TEST_OUTPUT)).toEqual({
      count: 4,
      passed: 3,
      failed: 1,
      scenarioSeconds: [1.2, 0.4, 0.25],
    });
    expect(parseTestOutput("Error: no such file")).toEqual({ scenarioSeconds: [] });
    expect(parseTestOutput("✓ 1 scenario: 1 passed, 0 failed").count).toBe(1);
  });

  it("selects each backend of `handoff test` by the flags its help offers", () => {
    const before = "  --memory  use the in-memory store and mailer instead of the local servers";
    const after = "  --memory  the default\n  --servers  use dynalite and aws-ses-v2-local";
    expect(backendFlags(before)).toEqual({ memory: ["--memory"], servers: [] });
    expect(backendFlags(after)).toEqual({ memory: ["--memory"], servers: ["--servers"] });
  });

  it("runs npm start's script with this node when it is a plain node command line", () => {
    expect(startArgs("node --max-semi-space-size=64 src/cli/bin.js start")).toEqual([
      "--max-semi-space-size=64",
      "src/cli/bin.js",
      "start",
    ]);
    expect(startArgs("node src/cli/bin.js start && echo done")).toEqual(["src/cli/bin.js", "start"]);
    expect(startArgs("tsx src/cli/main.ts start")).toEqual(["src/cli/bin.js", "start"]);
    expect(startArgs(undefined)).toEqual(["src/cli/bin.js", "start"]);
  });

  describe("what npm start wrote", () => {
    let dir = "";
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("sizes the report, the emails file and the email HTML files", () => {
      dir = mkdtempSync(join(tmpdir(), "bench-start-test-"));
      mkdirSync(join(dir, "emails"));
      writeFileSync(join(dir, "report.html"), "x".repeat(100));
      writeFileSync(join(dir, "emails.jsonl"), "y".repeat(30));
      writeFileSync(join(dir, "emails", "001.html"), "z".repeat(7));
      writeFileSync(join(dir, "emails", "002.html"), "z".repeat(3));
      expect(measureOutput(dir)).toEqual({
        reportHtmlBytes: 100,
        emailsFile: "emails.jsonl",
        emailsBytes: 30,
        htmlFiles: 2,
        htmlBytes: 10,
        totalBytes: 140,
      });
    });
  });

  it("says why a command failed in one line", () => {
    const run = { ms: 1, signal: null, stdout: "", stderr: "Error: x\n    at y\nlast line\n" };
    expect(failure({ ...run, exitCode: 0 })).toBeUndefined();
    expect(failure({ ...run, exitCode: 2 })).toBe("exit code 2: last line");
    expect(failure({ ...run, exitCode: null, signal: "SIGTERM", stderr: "" })).toBe(
      "killed by SIGTERM: no output",
    );
  });
});

describe("issue 17's targets", () => {
  it("judges each command's median wall time against its limit and names the command", () => {
    const [help, validate, scenarios, start] = laptopTargets({
      cli: cliFigures(250, 700),
      scenarios: scenarioFigures(2.5),
      start: startFigures,
    });
    expect(help).toMatchObject({
      status: "MET",
      measured: expect.stringMatching(/^0\.25 s .*bin\.js --help$/),
    });
    expect(help!.measured).toMatch(/node -e 0 alone 0\.045 s/);
    expect(validate).toMatchObject({ status: "NOT MET", measured: expect.stringMatching(/^0\.7 s \(1 run/) });
    expect(scenarios).toMatchObject({ status: "MET", measured: expect.stringMatching(/29 scenarios/) });
    expect(start).toMatchObject({ status: "NOT MET", measured: expect.stringMatching(/^21 s .*wrote 5 MB/) });
  });

  it("says what was not measured and why", () => {
    const targets = laptopTargets({});
    expect(targets.map((target) => target.status)).toEqual(Array(4).fill("NOT MEASURED"));
    const failed = laptopTargets({
      cli: { ...cliFigures(1, 1), help: { command: "node src/cli/bin.js --help", error: "exit code 1: x" } },
    })[0]!;
    expect(failed).toMatchObject({
      status: "NOT MEASURED",
      measured: expect.stringMatching(/failed: exit code 1/),
    });
  });

  it("holds the simulations to 10 s on memory and 60 s on the servers", () => {
    const sim = (backend: "memory" | "servers", seconds: number) => ({
      backend,
      contacts: 10_000,
      wallSeconds: spread([seconds]),
      msPerContact: spread([seconds / 10]),
      peakRssMb: spread([500]),
    });
    const targets = evaluateTargets({ simulations: [sim("memory", 9.5), sim("servers", 61)] });
    expect(targets.find((t) => t.target.includes("on memory in at most 10 s"))?.status).toBe("MET");
    expect(targets.find((t) => t.target.includes("on servers in at most 60 s"))?.status).toBe("NOT MET");
    const failed100k = evaluateTargets({
      simulations: [{ backend: "memory", contacts: 100_000, error: "exit code 134: heap out of memory" }],
    }).find((t) => t.target.startsWith("100,000"));
    expect(failed100k?.measured).toMatch(/heap out of memory/);
  });

  it("prints each command section with the command it timed", () => {
    const results: BenchResults = {
      startedAt: "2026-12-06T00:00:00.000Z",
      mode: "--only cli,scenarios,start",
      totalSeconds: 60,
      machine: machine(),
      prices: priceSources(),
      heapLimitMb: 1000,
      skipped: [],
      cliBuild: { command: "npm run build", seconds: 2, compiled: true },
      cli: cliFigures(200, 400),
      scenarios: scenarioFigures(2),
      start: startFigures,
      targets: [],
    };
    const text = formatResults(results);
    expect(text).toMatch(/build first: npm run build, 2 s; dist\/cli\/main.js present/);
    expect(text).toMatch(/node src\/cli\/bin.js --help +200 ms \(190–210, 3 runs\)/);
    expect(text).toMatch(/memory +29 \(0 failed\) +2 s \(1 run\).*test --memory/);
    expect(text).toMatch(/servers .*FAILED.*a run failed: exit code 1: boom/);
    expect(text).toMatch(/emails.jsonl 3 MB, 50 email HTML files 1 MB; 5 MB in all/);
  });
});
