// The built-in smoke workflows and template (src/compiler/smoke-workflows.ts): in every deployment,
// checked and compiled as any workflow, never in the marketer's folder, their ids reserved.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import validateAsl from "asl-validator";
import { describe, expect, it } from "vitest";
import { compileCatalog } from "../../src/compiler/catalog";
import { checkWorkspace } from "../../src/compiler/check";
import { loadWorkspace } from "../../src/compiler/load";
import { compileWorkspace } from "../../src/compiler/pipeline";
import { BUILT_IN_DIR, isBuiltInFile, withBuiltIns } from "../../src/compiler/smoke-workflows";
import * as smoke from "../../src/core/smoke";
import { validateInWorkspace } from "../helpers/validate-text";
import { REPO, SAMPLE_WORKFLOWS } from "../helpers/workspace";

const base = loadWorkspace({ cwd: REPO });
const deployment = compileWorkspace({ cwd: REPO, scope: "deployment" });

describe("the built-in smoke workflows, in every deployment", () => {
  it("compile with the samples, after them, through the same checks (no error)", () => {
    expect(deployment.ok).toBe(true);
    expect(deployment.violations.filter((v) => v.severity === "error")).toEqual([]);
    expect(deployment.machines.map((m) => m.workflow.id)).toEqual([
      ...deployment.machines.map((m) => m.workflow.id).filter((id) => !smoke.SMOKE_WORKFLOWS.includes(id)),
      smoke.SMOKE_CAMPAIGN,
      smoke.SMOKE_SEQUENCE,
    ]);
    const checked = checkWorkspace(withBuiltIns(base)).filter((v) => isBuiltInFile(v.file));
    // Their own warnings are only that nothing else names their events (the smoke run posts them).
    expect(checked.map((v) => [v.severity, v.code])).toEqual([
      ["warning", "unknown-event"],
      ["warning", "unknown-event"],
    ]);
  });

  it.each(smoke.SMOKE_WORKFLOWS)("%s passes asl-validator", (id) => {
    const machine = deployment.machines.find((m) => m.workflow.id === id)!;
    expect(machine.file).toBe(`${BUILT_IN_DIR}/${id}.json`);
    const result = validateAsl(structuredClone(machine.definition), { checkArn: true, checkPaths: true });
    expect(result.errorsText("\n")).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("are what the design says: API-only, re-enrollable, a waitFor on the continue event, a handoff on the handoff event", () => {
    const campaign = deployment.machines.find((m) => m.workflow.id === smoke.SMOKE_CAMPAIGN)!.workflow;
    expect(campaign).toMatchObject({
      kind: "campaign",
      reenroll: true,
      settle: "0m",
      handoff: { when: { event: smoke.SMOKE_HANDOFF_EVENT }, to: smoke.SMOKE_SEQUENCE },
    });
    expect(campaign).not.toHaveProperty("enrollWhen");
    expect(campaign).not.toHaveProperty("sendWindow");
    expect(campaign.steps.map((s) => [s.id, s.type])).toEqual([
      ["smoke-first", "email"],
      ["smoke-hold", "waitFor"],
      ["smoke-after-hold", "email"],
      ["smoke-rest", "wait"],
    ]);
    expect(campaign.steps[1]).toMatchObject({
      event: smoke.SMOKE_CONTINUE_EVENT,
      then: "smoke-after-hold",
      else: "smoke-after-hold",
    });
    const sequence = deployment.machines.find((m) => m.workflow.id === smoke.SMOKE_SEQUENCE)!.workflow;
    expect(sequence.steps).toEqual([
      expect.objectContaining({ id: "smoke-first-touch", template: smoke.SMOKE_TEMPLATE }),
    ]);
  });

  it("ship their template in catalog.json: one tracked link tagged smoke to the smoke target, the footer", async () => {
    const { file } = await compileCatalog({ cwd: REPO });
    const template = file.templates.find((t) => t.id === smoke.SMOKE_TEMPLATE)!;
    expect(template.html.file).toBe(`${BUILT_IN_DIR}/templates/${smoke.SMOKE_TEMPLATE}.mjml`);
    expect(template.html.text).not.toContain("<mj-");
    for (const part of [template.html.text, template.text!.text]) {
      expect(part).toContain(`{{ '${smoke.SMOKE_LINK_TARGET}' | track: '${smoke.SMOKE_LINK_TAG}' }}`);
      expect(part).toContain("{{ unsubscribeUrl }}");
      expect(part).toContain("{{ settings.postalAddress }}");
    }
  });
});

describe("the marketer's folder stays the marketer's", () => {
  it("handoff validate and handoff compile of the samples see no built-in", () => {
    expect(checkWorkspace(base).filter((v) => isBuiltInFile(v.file) || v.code === "reserved-id")).toEqual([]);
    const folder = compileWorkspace({ cwd: REPO });
    expect(folder.machines.map((m) => m.workflow.id).sort()).toEqual([...SAMPLE_WORKFLOWS].sort());
  });

  it.each(["folder", "deployment"] as const)(
    "a marketer's workflow with a reserved id is one error naming its file (%s)",
    (scope) => {
      const json = JSON.parse(readFileSync(join(REPO, "workflows/trial-nurture.json"), "utf8"));
      const file = `workflows/${smoke.SMOKE_CAMPAIGN}.json`;
      const bytes = new TextEncoder().encode(JSON.stringify({ ...json, id: smoke.SMOKE_CAMPAIGN }, null, 2));
      const workspace = scope === "deployment" ? withBuiltIns(base) : base;
      const found = validateInWorkspace(workspace, file, bytes).filter((v) => v.file === file);
      expect(found).toEqual([
        expect.objectContaining({ file, path: "/id", code: "reserved-id", severity: "error", line: 5 }),
      ]);
      expect(found[0]!.message).toContain(`'${smoke.SMOKE_CAMPAIGN}'`);
      expect(found[0]!.message).toMatch(/give this campaign another id/);
    },
  );

  it("a marketer's template with the reserved name is an error on each of its files, and it does not deploy", () => {
    const footer = "{{ unsubscribeUrl }} {{ settings.postalAddress }}";
    const html = { file: `templates/${smoke.SMOKE_TEMPLATE}.html`, format: "html" as const, text: footer };
    const templates = new Map(base.templates).set(smoke.SMOKE_TEMPLATE, { id: smoke.SMOKE_TEMPLATE, html });
    const ws = { ...base, templates };
    for (const workspace of [ws, withBuiltIns(ws)]) {
      const found = checkWorkspace(workspace).filter((v) => v.code === "reserved-id");
      expect(found).toEqual([expect.objectContaining({ file: html.file, severity: "error" })]);
      expect(found[0]!.message).toMatch(/rename this file/);
    }
  });
  it("name every step smoke-…, so a scenario's reference to a marketer's step (first, hold, rest…) never also names a built-in one", () => {
    const builtIn = deployment.machines.filter((m) => smoke.SMOKE_WORKFLOWS.includes(m.workflow.id));
    const steps = builtIn.flatMap((m) => m.workflow.steps.map((s) => s.id));
    expect(steps.sort()).toEqual(Object.values(smoke.SMOKE_STEPS).sort());
    for (const id of steps) expect(id).toMatch(/^smoke-/);
  });
});
