import { describe, expect, it } from "vitest";
import { aslText } from "../../src/compiler/asl-text";
import {
  catalogFromWorkspace,
  catalogText,
  compileCatalog,
  machineVersion,
} from "../../src/compiler/catalog";
import { CATALOG_FORMAT, type CatalogFile, loadCatalog } from "../../src/core/catalog";
import { InvalidCatalogError } from "../../src/core/errors";
import { Campaign, Scoring, Sequence, Settings } from "../../src/core/language";
import { DEPLOYED_WORKFLOWS, REPO } from "../helpers/workspace";

// catalog.json (docs/architecture.md): compiled at build time, read by one loader at cold start.

const compiled = await compileCatalog({ cwd: REPO });
const text = catalogText(compiled.file);

/** The sample catalog.json with `change` applied to a copy of its JSON. */
// biome-ignore lint/suspicious/noExplicitAny: the copy is free-form JSON, to be broken at will
function edited(change: (file: any) => void): string {
  const file = JSON.parse(text);
  change(file);
  return JSON.stringify(file);
}

/** The InvalidCatalogError loadCatalog throws for `source`'s text. */
function failure(source: string): InvalidCatalogError {
  try {
    loadCatalog(source, "/var/task/catalog.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCatalogError);
    return error as InvalidCatalogError;
  }
  throw new Error("the catalog loaded");
}

describe("catalog.json, as a build compiles it", () => {
  it("holds the settings, the scoring, each workflow with its machine's version and every template as HTML", () => {
    const file: CatalogFile = JSON.parse(text);
    expect(file.format).toBe(CATALOG_FORMAT);
    expect(file.settings.organization).toBe("Acme Analytics Inc.");
    expect(file.workflows.map((w) => w.workflow.id).sort()).toEqual([...DEPLOYED_WORKFLOWS].sort());
    for (const machine of compiled.machines) {
      const entry = file.workflows.find((w) => w.workflow.id === machine.workflow.id)!;
      expect(entry.file).toBe(machine.file);
      expect(entry.version).toBe(machineVersion(machine));
      expect(entry.version).toMatch(/^[0-9a-f]{12}$/);
      // The ASL stays out: the handlers need the version only.
      expect(text).not.toContain(aslText(machine.definition).slice(0, 200));
    }
    const welcome = file.templates.find((t) => t.id === "welcome")!;
    expect(welcome.html.file).toBe("templates/welcome.mjml");
    expect(welcome.html.text).toMatch(/^<!doctype html>/i);
    expect(welcome.html.text).not.toContain("<mj-");
    expect(welcome.html.text).toContain("{{ unsubscribeUrl }}");
  });

  it("holds what the language's schemas give: parsing it with them again changes nothing, so the loader need not", () => {
    const file: CatalogFile = JSON.parse(text);
    expect(Settings.parse(file.settings)).toEqual(file.settings);
    expect(Scoring.parse(file.scoring)).toEqual(file.scoring);
    for (const { workflow } of file.workflows)
      expect((workflow.kind === "campaign" ? Campaign : Sequence).parse(workflow)).toEqual(workflow);
  });

  it("is the same text on every build of the same workspace", async () => {
    expect(catalogText((await compileCatalog({ cwd: REPO })).file)).toBe(text);
  });

  it("is what the local runtime and the tests run on: catalogFromWorkspace loads that text", async () => {
    const fromWorkspace = await catalogFromWorkspace({ cwd: REPO });
    const loaded = loadCatalog(text);
    expect(fromWorkspace.catalog.settings).toEqual(loaded.catalog.settings);
    expect(fromWorkspace.catalog.scoring).toEqual(loaded.catalog.scoring);
    expect([...fromWorkspace.catalog.workflows]).toEqual([...loaded.catalog.workflows]);
    expect([...fromWorkspace.templates]).toEqual([...loaded.templates]);
    for (const machine of fromWorkspace.machines)
      expect(fromWorkspace.catalog.version(machine.workflow.id)).toBe(machineVersion(machine));
    expect(fromWorkspace.catalog.version("no-such-workflow")).toBe("unknown");
  });
});

describe("the loader refuses a malformed catalog.json at cold start, naming the file, the place and what is wrong", () => {
  it("text that is not JSON", () => {
    expect(failure("{ not json").message).toMatch(/^\/var\/task\/catalog\.json is not JSON \(/);
  });

  it("a catalog of another format", () => {
    const error = failure(edited((file) => (file.format = 2)));
    expect(error.message).toMatch(/catalog\.json has format 2, and this code reads format 1/);
    expect(failure("[]").message).toMatch(/has format undefined/);
  });

  it("a workflow without what the handlers look it up by and walk: the path inside the file", () => {
    const error = failure(edited((file) => delete file.workflows[1].workflow.steps[0].id));
    expect(error.message).toMatch(/catalog\.json is not a catalog: workflows\.1\.workflow\.steps\.0\.id: /);
    expect(failure(edited((file) => (file.workflows[0].workflow.kind = "drip"))).message).toMatch(
      /workflows\.0\.workflow\.kind: /,
    );
  });

  it("a missing part, a bad version and a template without HTML", () => {
    expect(failure(edited((file) => delete file.settings)).message).toMatch(/settings: /);
    expect(failure(edited((file) => (file.workflows[0].version = "v1"))).message).toMatch(
      /workflows\.0\.version: a machine version is 12 lowercase hex digits/,
    );
    expect(failure(edited((file) => delete file.templates[0].html)).message).toMatch(/templates\.0\.html: /);
  });

  it("the same workflow or template twice", () => {
    expect(failure(edited((file) => file.workflows.push(file.workflows[0]))).message).toMatch(
      /lists the workflow "[a-z-]+" twice/,
    );
    expect(failure(edited((file) => file.templates.push(file.templates[0]))).message).toMatch(
      /lists the template "[a-z-]+" twice/,
    );
  });
});
