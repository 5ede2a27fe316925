import { basename, join, relative } from "node:path";
import type { Workflow } from "../../core/language";
import { type ParsedFile, withPositions } from "../parse/parse-file";
import { error, type Violation, warning } from "../violation";
import type { Workspace } from "../workspace";
import {
  checkScenarioReferences,
  checkScoringReferences,
  checkSettings,
  checkWorkflowReferences,
  type Names,
} from "./references";
import { checkSteps } from "./steps";
import { checkTemplate, checkWorkflowStrings } from "./templates";

function workspaceChecks(ws: Workspace, workflows: Map<string, Workflow>): Violation[] {
  const out: Violation[] = [];
  const file = (name: string) => relative(ws.cwd, join(ws.workflowsDir, name));
  const claimed = (kind: string) => ws.broken.some((b) => b.kind === kind);
  if (ws.settings.length === 0 && !claimed("settings")) {
    const f = file("settings.json");
    out.push(
      error(
        f,
        "",
        "missing-settings",
        `no settings file: add ${f} with "kind": "settings" (organization, postal address, sender)`,
      ),
    );
  }
  if (ws.scoring.length === 0 && !claimed("scoring")) {
    const f = file("scoring.json");
    out.push(
      error(f, "", "missing-scoring", `no scoring file: add ${f} with "kind": "scoring" (stages and rules)`),
    );
  }
  for (const extra of [...ws.settings.slice(1), ...ws.scoring.slice(1)]) {
    out.push(
      error(
        extra.file,
        "/kind",
        "duplicate-file-kind",
        `a second ${extra.value.kind} file: keep one (the first is ${(extra.value.kind === "settings" ? ws.settings : ws.scoring)[0]!.file})`,
      ),
    );
  }
  const first = new Map<string, ParsedFile<Workflow>>();
  for (const parsed of ws.workflows) {
    const earlier = first.get(parsed.value.id);
    if (earlier)
      out.push(
        error(
          parsed.file,
          "/id",
          "duplicate-workflow-id",
          `'${parsed.value.id}' is already the id of ${earlier.file}: give each campaign and sequence its own id`,
        ),
      );
    else first.set(parsed.value.id, parsed);
    if (basename(parsed.file, ".json") !== parsed.value.id) {
      out.push(
        warning(
          parsed.file,
          "/id",
          "id-file-mismatch",
          `the id '${parsed.value.id}' differs from the file name: name the file ${parsed.value.id}.json so people find it`,
        ),
      );
    }
  }
  for (const [id, parsed] of first) workflows.set(id, parsed.value);
  return out;
}

const order = (a: Violation, b: Violation) =>
  a.file.localeCompare(b.file) ||
  (a.line ?? 0) - (b.line ?? 0) ||
  a.path.localeCompare(b.path) ||
  a.code.localeCompare(b.code);

/** Check stage: every violation in a workspace, as data, in file and line order. */
export function checkWorkspace(ws: Workspace): Violation[] {
  const workflows = new Map<string, Workflow>();
  const out = [...ws.violations, ...workspaceChecks(ws, workflows)];
  const settings = ws.settings[0]?.value;
  const scoring = ws.scoring[0]?.value;
  const names: Names = {
    workflows,
    broken: new Set(ws.broken.flatMap((b) => (b.id ? [b.id] : []))),
    templates: new Set([...ws.templates.values()].filter((t) => t.html).map((t) => t.id)),
    ...(scoring ? { stages: scoring.stages } : {}),
    ...(settings ? { slack: Object.keys(settings.slack), owners: settings.owners.map((o) => o.id) } : {}),
  };
  for (const parsed of ws.settings.slice(0, 1)) out.push(...checkSettings(parsed));
  for (const parsed of ws.scoring.slice(0, 1)) out.push(...checkScoringReferences(parsed));
  const used = new Set<string>();
  for (const parsed of ws.workflows) {
    out.push(
      ...checkSteps(parsed),
      ...checkWorkflowReferences(parsed, names),
      ...checkWorkflowStrings(parsed),
    );
    for (const step of parsed.value.steps) if (step.type === "email") used.add(step.template);
  }
  for (const parsed of ws.scenarios) out.push(...checkScenarioReferences(parsed, names));
  for (const template of ws.templates.values())
    if (used.has(template.id)) out.push(...checkTemplate(template));
  const sources = new Map(
    [...ws.settings, ...ws.scoring, ...ws.workflows, ...ws.scenarios].map((p) => [p.file, p.source]),
  );
  const located = out.map((v) => {
    const source = v.line === undefined ? sources.get(v.file) : undefined;
    return source ? withPositions(source, [v])[0]! : v;
  });
  return located.sort(order);
}
