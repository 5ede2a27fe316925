import { basename, join, relative } from "node:path";
import type { Settings, Workflow } from "../../core/language";
import { type ParsedFile, withPositions } from "../parse/parse-file";
import { error, type Violation, warning } from "../violation";
import type { Workspace } from "../workspace";
import { type Checked, checkedFiles } from "./checked-files";
import { checkEvents } from "./events";
import { checkLinks } from "./links";
import {
  checkScenarioReferences,
  checkScoringReferences,
  checkSettings,
  checkWorkflowReferences,
  type Names,
} from "./references";
import { checkSteps } from "./steps";
import { checkTemplate, checkWorkflowStrings } from "./templates";

function workspaceChecks(ws: Workspace, files: Checked, workflows: Map<string, Workflow>): Violation[] {
  const out: Violation[] = [];
  const file = (name: string) => relative(ws.cwd, join(ws.workflowsDir, name));
  const claimed = (kind: string) => ws.broken.some((b) => b.kind === kind);
  if (files.settings.length === 0 && !claimed("settings")) {
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
  if (files.scoring.length === 0 && !claimed("scoring")) {
    const f = file("scoring.json");
    out.push(
      error(f, "", "missing-scoring", `no scoring file: add ${f} with "kind": "scoring" (stages and rules)`),
    );
  }
  for (const extra of [...files.settings.slice(1), ...files.scoring.slice(1)]) {
    out.push(
      error(
        extra.file,
        "/kind",
        "duplicate-file-kind",
        `a second ${extra.value.kind} file: keep one (the first is ${(extra.value.kind === "settings" ? files.settings : files.scoring)[0]!.file})`,
      ),
    );
  }
  const first = new Map<string, ParsedFile<Workflow>>();
  for (const parsed of files.workflows) {
    if (parsed.lost?.covers("/id")) continue;
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
  const workflows = new Map<string, Workflow>();
  const found = workspaceChecks(ws, files, workflows);
  const names = namesOf(ws, files, workflows);
  for (const parsed of files.settings.slice(0, 1)) found.push(...checkSettings(parsed));
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
