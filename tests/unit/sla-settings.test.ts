import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import { validateInWorkspace } from "../helpers/validate-text";
import { REPO } from "../helpers/workspace";

const base = loadWorkspace({ cwd: REPO });
const shipped = JSON.parse(readFileSync(join(REPO, "workflows/settings.json"), "utf8"));
const FILE = "workflows/settings.json";

/** The violations of settings.json with its sla block replaced by `sla`. */
function withSla(sla: unknown) {
  const text = JSON.stringify({ ...shipped, sla });
  return validateInWorkspace(base, FILE, new TextEncoder().encode(text)).filter((v) => v.file === FILE);
}

const valid = shipped.sla;

describe("settings.sla in the validator", () => {
  it("the shipped block is valid", () => {
    expect(withSla(valid)).toEqual([]);
  });

  it("names the file, the JSON path and what to do for each reference that does not exist", () => {
    const found = withSla({
      ...valid,
      rejectTo: "long-term-nuture",
      rejectStage: "leed",
      onMiss: { reassign: "rep-nobody", notify: { slack: "sales-manager" } },
    });
    expect(found.map((v) => [v.path, v.code, v.severity])).toEqual([
      ["/sla/onMiss/notify/slack", "unknown-slack", "error"],
      ["/sla/onMiss/reassign", "unknown-owner", "error"],
      ["/sla/rejectStage", "unknown-stage", "error"],
      ["/sla/rejectTo", "unknown-workflow", "error"],
    ]);
    expect(found.find((v) => v.path === "/sla/rejectTo")?.message).toContain("long-term-nurture");
  });

  it("a bad duration or reassign is a schema error at its path", () => {
    const found = withSla({ ...valid, acceptWithin: "4 hours", onMiss: { reassign: "Round Robin" } });
    expect(found.map((v) => v.path).sort()).toEqual(["/sla/acceptWithin", "/sla/onMiss/reassign"]);
  });

  it("round-robin with a single owner warns that a miss has nobody to go to", () => {
    const text = JSON.stringify({ ...shipped, owners: shipped.owners.slice(0, 1) });
    const found = validateInWorkspace(base, FILE, new TextEncoder().encode(text)).filter(
      (v) => v.file === FILE,
    );
    expect(found.map((v) => [v.path, v.severity])).toEqual([["/sla/onMiss/reassign", "warning"]]);
    expect(found[0]?.message).toContain("add owners");
  });
});
