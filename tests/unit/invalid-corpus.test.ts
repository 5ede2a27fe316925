// A corpus of broken workflow files, one per mistake a marketer makes (tests/fixtures/invalid/).
// Each case is checked in a fresh copy of the sample workflows/ and templates/ folders: the
// validator must report the mistake with the right code and JSON Pointer, must not crash, and
// must parse each file at most once and only within the size and depth limits (its work is then
// linear in a bounded input: counted, not timed). Cases marked "bug" in cases.json carry the report they SHOULD get
// and are skipped until the validator is fixed. Huge, deeply nested, empty and binary files are
// generated here rather than committed.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { checkWorkspace } from "../../src/compiler/check";
import { loadWorkspace } from "../../src/compiler/load";
import { VIOLATION_CODES, type Violation, type ViolationCode } from "../../src/compiler/violation";
import { expectBoundedParsing } from "../helpers/bounded-parsing";
import { parsedTexts } from "../helpers/json-parse-meter";

vi.mock("jsonc-parser", async (importOriginal) =>
  (await import("../helpers/json-parse-meter")).meteredJsonc(await importOriginal()),
);

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(ROOT, "tests/fixtures/invalid");

/** One entry of cases.json, keyed by the fixture's file name. */
interface Case {
  code: ViolationCode;
  path: string;
  /** File the violation is reported on; default `workflows/<fixture name>`. */
  file?: string;
  severity?: "error" | "warning";
  /** Sample file in workflows/ that the fixture takes the place of. */
  replaces?: string;
  /** Sample files in workflows/ to delete. */
  removeWorkflows?: string[];
  /** Template files written into templates/, replacing or adding. */
  templates?: Record<string, string>;
  removeTemplates?: string[];
  /** Violations that must NOT be reported (a missing file or path matches any). */
  absent?: Array<{ code: ViolationCode; file?: string; path?: string }>;
  note: string;
  /** What the validator gets wrong today; the case is skipped until it is fixed. */
  bug?: string;
}

const cases = JSON.parse(readFileSync(join(FIXTURES, "cases.json"), "utf8")) as Record<string, Case>;
const rows = Object.entries(cases).map(([name, c]) => ({ name, ...c }));
const passing = rows.filter((row) => row.bug === undefined);
const bugs = rows.filter((row) => row.bug !== undefined);

interface Setup {
  replaces?: string;
  removeWorkflows?: string[];
  templates?: Record<string, string>;
  removeTemplates?: string[];
  /** Files to write into workflows/ (name relative to it), after the removals. */
  files?: Record<string, string | Uint8Array>;
  /** Folder of the workflows inside the temp dir; default "workflows". */
  workflowsDir?: string;
}

/** The .json files under `dir`, subfolders included: what the validator reads. */
function jsonFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".json"))
    .length;
}

/**
 * Copies the samples into a fresh temp dir, applies the setup, then loads and checks it; checks
 * that the parsing it took was bounded (expectBoundedParsing).
 */
function validate(setup: Setup): Violation[] {
  const tmp = mkdtempSync(join(tmpdir(), "handoff-invalid-"));
  try {
    const workflowsDir = setup.workflowsDir ?? "workflows";
    const workflows = join(tmp, workflowsDir);
    const templates = join(tmp, "templates");
    mkdirSync(dirname(workflows), { recursive: true });
    cpSync(join(ROOT, "workflows"), workflows, { recursive: true });
    cpSync(join(ROOT, "templates"), templates, { recursive: true });
    for (const name of [...(setup.replaces ? [setup.replaces] : []), ...(setup.removeWorkflows ?? [])]) {
      rmSync(join(workflows, name));
    }
    for (const name of setup.removeTemplates ?? []) rmSync(join(templates, name));
    for (const [name, text] of Object.entries(setup.templates ?? {}))
      writeFileSync(join(templates, name), text);
    for (const [name, content] of Object.entries(setup.files ?? {}))
      writeFileSync(join(workflows, name), content);
    parsedTexts.length = 0;
    const violations = checkWorkspace(loadWorkspace({ cwd: tmp, workflowsDir, templatesDir: "templates" }));
    expectBoundedParsing(jsonFiles(workflows));
    return violations;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const show = (violations: Violation[]) =>
  violations
    .map((v) => `${v.severity} ${v.file} ${JSON.stringify(v.path)} ${v.code}: ${v.message}`)
    .join("\n");

function checkCase(row: Case & { name: string }): void {
  const violations = validate({
    ...row,
    files: { [row.name]: readFileSync(join(FIXTURES, row.name)) },
  });
  const file = row.file ?? `workflows/${row.name}`;
  const found = violations.find((v) => v.file === file && v.code === row.code && v.path === row.path);
  expect(
    found,
    `expected ${row.code} at ${JSON.stringify(row.path)} in ${file}; got:\n${show(violations)}`,
  ).toBeDefined();
  expect(found?.severity).toBe(row.severity ?? "error");
  expect(found?.message.trim()).not.toBe("");
  for (const absent of row.absent ?? []) {
    const unwanted = violations.filter(
      (v) =>
        v.code === absent.code &&
        (absent.file === undefined || v.file === absent.file) &&
        (absent.path === undefined || v.path === absent.path),
    );
    expect(unwanted, `did not expect ${absent.code}`).toEqual([]);
  }
}

describe("invalid corpus (tests/fixtures/invalid)", () => {
  it("has at least 45 cases, a fixture for every case and a case for every fixture", () => {
    expect(rows.length).toBeGreaterThanOrEqual(45);
    const fixtures = readdirSync(FIXTURES).filter((name) => name !== "cases.json");
    expect(fixtures.sort()).toEqual(Object.keys(cases).sort());
    for (const row of rows) {
      expect(row.name).toMatch(/^\d{2,3}-[a-z0-9-]+\.json$/);
      expect(Object.keys(VIOLATION_CODES)).toContain(row.code);
      if (row.replaces) expect(existsSync(join(ROOT, "workflows", row.replaces)), row.replaces).toBe(true);
    }
  });

  it.each(passing)("$name: $note", (row) => checkCase(row));

  // Known validator bugs: each case holds the report it should get; see its "bug" in cases.json.
  if (bugs.length) it.skip.each(bugs)("$name (validator bug): $note", (row) => checkCase(row));
});

/** A small valid campaign, as text. */
function campaign(id: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      schemaVersion: 1,
      kind: "campaign",
      id,
      name: "Spring webinar invitation",
      ...extra,
      steps: [
        {
          id: "invite",
          type: "email",
          template: "webinar-invite",
          subject: "Live: the weekly metrics review",
        },
        { id: "wait-1", type: "wait", duration: "2d" },
        {
          id: "reminder",
          type: "email",
          template: "webinar-invite",
          subject: "Tomorrow: the weekly metrics review",
        },
      ],
    },
    null,
    2,
  );
}

/** The scenario example of the campaign-language contract, verbatim. */
const CONTRACT_SCENARIO = `{
  "kind": "scenario",
  "name": "A pricing click on day 3 hands Ana to the SDR sequence",
  "start": "2026-03-02T14:00:00Z",
  "until": "P30D",
  "contacts": [ { "id": "c1", "email": "ana@example.com", "firstName": "Ana",
                  "company": "Globex", "timezone": "Europe/Berlin" } ],
  "enroll": [ { "contact": "c1", "into": "trial-nurture", "at": "PT0S" } ],
  "events": [
    { "contact": "c1", "event": "email.open", "afterSent": "welcome", "delay": "1h" },
    { "contact": "c1", "event": "email.click", "link": "pricing", "at": "P3DT1H" }
  ],
  "expect": [
    { "contact": "c1", "sent": "trial-nurture/welcome", "before": "PT1H" },
    { "contact": "c1", "stage": "sql", "by": "P3DT2H" },
    { "contact": "c1", "enrolled": "sdr-follow-up" },
    { "contact": "c1", "sent": "sdr-follow-up/intro" },
    { "contact": "c1", "notSent": "trial-nurture/case-study" },
    { "slack": "sales-handoffs", "count": 1 }
  ]
}
`;

interface Generated {
  title: string;
  name: string;
  content: () => string | Uint8Array;
  replaces?: string;
  /** Expected violation on the file; undefined: no violation at all for it. */
  code?: ViolationCode;
  path?: string;
  bug?: string;
}

const MB = 1024 * 1024;
const nestedNot = (depth: number) =>
  `${'{ "not": '.repeat(depth)}{ "event": "email.reply" }${" }".repeat(depth)}`;

const generated: Generated[] = [
  {
    title: "a 5 MB campaign (a pasted export in its description)",
    name: "huge-description.json",
    content: () => campaign("huge-description", { description: "x".repeat(5 * MB) }),
    code: "file-too-large",
    path: "",
  },
  {
    title: "10,000 nested lists",
    name: "nested-lists.json",
    content: () => `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
    code: "too-deep",
    path: "",
  },
  {
    title: "10,000 unclosed [",
    name: "unclosed-lists.json",
    content: () => "[".repeat(10_000),
    code: "too-deep",
    path: "",
  },
  {
    title: 'an exitWhen of 10,000 nested { "not": … } conditions',
    name: "nested-not.json",
    content: () => campaign("nested-not").replace('"steps"', `"exitWhen": ${nestedNot(10_000)},\n  "steps"`),
    code: "too-deep",
    path: "",
  },
  {
    title: "an empty file (0 bytes)",
    name: "empty.json",
    content: () => new Uint8Array(0),
    code: "empty-file",
    path: "",
  },
  {
    title: "a file of spaces, tabs and new lines",
    name: "blank.json",
    content: () => "  \n\t\r\n   \n",
    code: "empty-file",
    path: "",
  },
  {
    title: "a valid campaign saved with a UTF-8 byte order mark",
    name: "trial-nurture.json",
    replaces: "trial-nurture.json",
    content: () => `\uFEFF${readFileSync(join(ROOT, "workflows/trial-nurture.json"), "utf8")}`,
  },
  {
    title: "binary garbage (a PNG saved as .json)",
    name: "logo.json",
    content: () =>
      Uint8Array.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
        0x00, 0x02, 0x58, 0xff, 0xd8, 0x7b, 0x5b, 0x22, 0x00, 0xfe, 0xfe, 0x80, 0x81,
      ]),
    code: "invalid-json",
    path: "",
  },
  {
    title: "a campaign saved as UTF-16 (Notepad's 'Unicode')",
    name: "utf16.json",
    content: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(campaign("utf16"), "utf16le")]),
    code: "invalid-json",
    path: "",
  },
  {
    title: "the scenario example of the campaign-language contract",
    name: "contract-scenario.json",
    content: () => CONTRACT_SCENARIO,
  },
];

describe("generated invalid files", () => {
  const run = (g: Generated) => {
    const violations = validate({
      ...(g.replaces ? { replaces: g.replaces } : {}),
      files: { [g.name]: g.content() },
    });
    const file = `workflows/${g.name}`;
    const mine = violations.filter((v) => v.file === file);
    if (g.code === undefined) expect(mine, show(mine)).toEqual([]);
    else {
      const found = mine.find((v) => v.code === g.code && v.path === g.path);
      expect(
        found,
        `expected ${g.code} at ${JSON.stringify(g.path)} in ${file}; got:\n${show(violations)}`,
      ).toBeDefined();
      expect(found?.severity).toBe("error");
    }
  };
  it.each(generated.filter((g) => g.bug === undefined))("$title", (g) => run(g));
  it.skip.each(generated.filter((g) => g.bug !== undefined))("$title (validator bug)", (g) => run(g));

  it("missing-settings names the settings file relative to the working directory", () => {
    const violations = validate({
      workflowsDir: "marketing/workflows",
      removeWorkflows: ["settings.json"],
    });
    const found = violations.find((v) => v.code === "missing-settings");
    expect(found?.file).toBe("marketing/workflows/settings.json");
  });
});

/**
 * Codes no passing case asserts, each with the reason. A code leaves this list when a case for it
 * passes (the last test below fails until it is removed here).
 */
const NOT_COVERED: Partial<Record<ViolationCode, string>> = {};

describe("corpus coverage", () => {
  const covered = new Set<string>([
    ...passing.map((row) => row.code),
    ...generated.filter((g) => g.bug === undefined && g.code).map((g) => g.code!),
  ]);
  const exercised = new Set<string>([...covered, ...bugs.map((row) => row.code)]);

  it("asserts every violation code at least once, but the ones allowed above", () => {
    const missing = Object.keys(VIOLATION_CODES).filter(
      (code) => !covered.has(code) && !(code in NOT_COVERED),
    );
    expect(missing).toEqual([]);
  });

  it("keeps a (bug) case for every allowed code, and no allowance for a covered code", () => {
    for (const code of Object.keys(NOT_COVERED)) {
      expect(exercised.has(code), `${code} has no case at all`).toBe(true);
      expect(covered.has(code), `${code} is covered now: remove it from NOT_COVERED`).toBe(false);
    }
  });
});
