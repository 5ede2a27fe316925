import { basename, join, relative } from "node:path";
import type { Settings, Workflow } from "../../core/language";
import { type ParsedFile, withPositions } from "../parse/parse-file";
import { error, type Violation, warning } from "../violation";
import type { Workspace } from "../workspace";
import { type Checked, checkedFiles } from "./checked-files";
import { checkEvents } from "./events";
import { checkLinks } from "./links";
import { checkScoringReferences, checkSettings, checkWorkflowReferences, type Names } from "./references";
import { checkReservedIds, takesReservedId } from "./reserved";
import { checkScenarioReferences } from "./scenario-references";
import { checkSla } from "./sla";
import { checkSteps } from "./steps";
import { checkTemplate, checkWorkflowStrings } from "./templates";

/** One settings and one scoring file: missing ones, and any second one. */
function fileKindChecks(ws: Workspace, files: Checked): Violation[] {
  const file = (name: string) => relative(ws.cwd, join(ws.workflowsDir, name));
  const claimed = (kind: string) => ws.broken.some((b) => b.kind === kind);
  const found: Violation[] = [];
  if (files.settings.length === 0 && !claimed("settings")) {
    const f = file("settings.json");
    const message = `no settings file: add ${f} with "kind": "settings" (organization, postal address, sender)`;
    found.push(error(f, "", "missing-settings", message));
  }
  if (files.scoring.length === 0 && !claimed("scoring")) {
    const f = file("scoring.json");
    found.push(
      error(f, "", "missing-scoring", `no scoring file: add ${f} with "kind": "scoring" (stages and rules)`),
    );
  }
  for (const extra of [...files.settings.slice(1), ...files.scoring.slice(1)]) {
    const first = (extra.value.kind === "settings" ? files.settings : files.scoring)[0]!.file;
    const message = `a second ${extra.value.kind} file: keep one (the first is ${first})`;
    found.push(error(extra.file, "/kind", "duplicate-file-kind", message));
  }
  return found;
}

/**
 * The workflows by id (the first file of each id) and what is wrong with the ids: one id in two
 * files, an id that differs from its file name. A file whose id its repair lost is not counted.
 */
function workflowIds(files: Checked): { workflows: Map<string, Workflow>; violations: Violation[] } {
  const first = new Map<string, ParsedFile<Workflow>>();
  const violations: Violation[] = [];
  for (const parsed of files.workflows) {
    if (parsed.lost?.covers("/id") || takesReservedId(parsed)) continue;
    const { id } = parsed.value;
    const earlier = first.get(id);
    if (earlier) {
      const message = `'${id}' is already the id of ${earlier.file}: give each campaign and sequence its own id`;
      violations.push(error(parsed.file, "/id", "duplicate-workflow-id", message));
    } else first.set(id, parsed);
    if (basename(parsed.file, ".json") !== id) {
      const message = `the id '${id}' differs from the file name: name the file ${id}.json so people find it`;
      violations.push(warning(parsed.file, "/id", "id-file-mismatch", message));
    }
  }
  return { workflows: new Map([...first].map(([id, parsed]) => [id, parsed.value])), violations };
}

/**
 * What other files may be checked against. A list a repaired file could not read in full (a stage,
 * a Slack name, an owner id lost) is left unknown, so nothing is reported missing from it.
 */
function namesOf(ws: Workspace, files: Checked, workflows: Map<string, Workflow>): Names {
  const settings = files.settings[0];
  const scoring = files.scoring[0];
  const ownerIdLost = (s: ParsedFile<Settings>) =>
    s.lost?.dropsFrom("/owners") || s.value.owners.some((_, i) => s.lost?.covers(`/owners/${i}/id`));
  const readable = new Set(files.workflows.filter((w) => !w.lost?.covers("/id")).map((w) => w.file));
  return {
    workflows,
    // A workflow file that cannot be read, or whose id cannot: its claimed id and its file name.
    broken: new Set(
      ws.broken.flatMap((b) =>
        readable.has(b.file)
          ? []
          : [
              ...(b.id ? [b.id] : []),
              ...(b.kind === "campaign" || b.kind === "sequence" ? [basename(b.file, ".json")] : []),
            ],
      ),
    ),
    incomplete: new Set(
      files.workflows
        .filter(
          (w) =>
            w.lost?.dropsFrom("/steps") || w.value.steps.some((_, i) => w.lost?.covers(`/steps/${i}/id`)),
        )
        .map((w) => w.value.id),
    ),
    templates: new Set([...ws.templates.values()].filter((t) => t.html).map((t) => t.id)),
    ...(scoring && !scoring.lost?.dropsFrom("/stages") ? { stages: scoring.value.stages } : {}),
    ...(settings && !settings.lost?.dropsFrom("/slack") ? { slack: Object.keys(settings.value.slack) } : {}),
    ...(settings && !ownerIdLost(settings) ? { owners: settings.value.owners.map((o) => o.id) } : {}),
  };
}

const order = (a: Violation, b: Violation) =>
  a.file.localeCompare(b.file) ||
  (a.line ?? 0) - (b.line ?? 0) ||
  a.path.localeCompare(b.path) ||
  a.code.localeCompare(b.code);

/**
 * Check stage: every violation in a workspace, as data, in file and line order. Files with schema
 * errors are checked too, as repaired; a finding about a value their repair lost is left out (the
 * schema error already names it).
 */
export function checkWorkspace(ws: Workspace): Violation[] {
  const files = checkedFiles(ws);
  const { workflows, violations } = workflowIds(files);
  const found = [...fileKindChecks(ws, files), ...violations, ...checkReservedIds(ws, files)];
  const names = namesOf(ws, files, workflows);
  for (const parsed of files.settings.slice(0, 1))
    found.push(...checkSettings(parsed), ...checkSla(parsed, names));
  for (const parsed of files.scoring.slice(0, 1)) found.push(...checkScoringReferences(parsed));
  const used = new Set<string>();
  for (const parsed of files.workflows) {
    found.push(
      ...checkSteps(parsed),
      ...checkWorkflowReferences(parsed, names),
      ...checkWorkflowStrings(parsed),
    );
    for (const step of parsed.value.steps) if (step.type === "email") used.add(step.template);
  }
  for (const parsed of files.scenarios) found.push(...checkScenarioReferences(parsed, names));
  found.push(...checkLinks(files, ws.templates), ...checkEvents(files));
  for (const template of ws.templates.values())
    if (used.has(template.id)) found.push(...checkTemplate(template));
  const all = [...files.settings, ...files.scoring, ...files.workflows, ...files.scenarios];
  const lost = new Map(all.flatMap((p) => (p.lost ? [[p.file, p.lost] as const] : [])));
  const sources = new Map(all.map((p) => [p.file, p.source]));
  const kept = found.filter((v) => !lost.get(v.file)?.covers(v.path));
  const located = [...ws.violations, ...kept].map((v) => {
    const source = v.line === undefined ? sources.get(v.file) : undefined;
    return source ? withPositions(source, [v])[0]! : v;
  });
  return located.sort(order);
}
