import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handoff } from "../helpers/cli";
import { copySamples, REPO } from "../helpers/workspace";

describe("handoff validate", () => {
  it("exits 0 on the samples", () => {
    const run = handoff(["validate"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("no errors");
    expect(run.code).toBe(0);
  });

  it("prints exactly the contract's --json shape", () => {
    const run = handoff(["validate", "--json"]);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, violations: [] });
  });

  it("names the file, the JSON path and a suggestion, and exits 1 on an error", () => {
    const dir = copySamples();
    const file = join(dir, "workflows/trial-nurture.json");
    const campaign = JSON.parse(readFileSync(file, "utf8"));
    const index = campaign.steps.findIndex((s: { id: string }) => s.id === "case-study");
    campaign.steps[index].next = "wait-9";
    const text = JSON.stringify(campaign, null, 2);
    writeFileSync(file, text);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"next": "wait-9"')) + 1;
    const column = lines[line - 1]!.indexOf('"wait-9"') + 1;
    const run = handoff(["validate", "--json"], dir);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.ok).toBe(false);
    expect(out.violations).toEqual([
      {
        file: "workflows/trial-nurture.json",
        path: `/steps/${index}/next`,
        code: "unknown-step",
        message: "step 'case-study' jumps (next) to 'wait-9', which does not exist; did you mean 'wait-1'?",
        severity: "error",
        line,
        column,
      },
    ]);
    // The contract's fields first, in its order, then where in the file.
    expect(Object.keys(out.violations[0])).toEqual([
      "file",
      "path",
      "code",
      "message",
      "severity",
      "line",
      "column",
    ]);
    const human = handoff(["validate"], dir);
    expect(human.stdout).toMatch(/workflows\/trial-nurture\.json:\d+:\d+ {2}error {2}unknown-step/);
  });

  it("reads ./workflows and ./templates of the current folder, or --workflows and --templates", () => {
    const dir = copySamples();
    expect(handoff(["validate"], dir).code).toBe(0);
    const elsewhere = copySamples();
    expect(
      handoff(
        ["validate", "--workflows", join(dir, "workflows"), "--templates", join(dir, "templates")],
        elsewhere,
      ).code,
    ).toBe(0);
    const noTemplates = handoff(["validate", "--templates", join(dir, "nowhere")], dir);
    expect(noTemplates.code).toBe(1);
    expect(noTemplates.stdout).toContain("missing-template");
  });

  it("checks a single file in the context of the workflows folder", () => {
    const run = handoff(["validate", "workflows/sdr-follow-up.json", "--json"]);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, violations: [] });
  });
});

describe("handoff compile", () => {
  it("prints the same ASL as the fixture, by id or by file", () => {
    const expected = readFileSync(join(REPO, "tests/fixtures/asl/trial-nurture.asl.json"), "utf8");
    expect(handoff(["compile", "trial-nurture"]).stdout).toBe(expected);
    expect(handoff(["compile", "workflows/trial-nurture.json"]).stdout).toBe(expected);
  });

  it("says which ids exist when the id is unknown, in one line (a usage error: exit 2)", () => {
    const run = handoff(["compile", "trial-nurtur"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^handoff compile: no campaign or sequence 'trial-nurtur' in workflows \(there are: .*trial-nurture/,
    );
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("handoff schema", () => {
  it("--check passes on the committed schema.json", () => {
    expect(handoff(["schema", "--check"]).code).toBe(0);
  });
});
