import {
  conditionLeaves,
  type JsonPath,
  type Scalar,
  scoringConditions,
  type Workflow,
  workflowConditions,
} from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import { didYouMean, listOf } from "../suggest";
import { pointer, type Violation, warning } from "../violation";
import type { TemplateFiles } from "../workspace";
import type { Checked } from "./checked-files";
import { trackedLinks } from "./liquid";

/** What names a click: a condition, a waitFor step, a scoring rule or a scenario's event. */
interface ClickFilter {
  event: string;
  link?: string | undefined;
  where?: Record<string, Scalar> | undefined;
  properties?: Record<string, Scalar> | undefined;
}

/** The link tags a click filter names, with their paths: `link`, `where.link`, `properties.link`. */
function clickTags(filter: ClickFilter, path: JsonPath): Array<{ tag: string; path: JsonPath }> {
  if (filter.event !== "email.click") return [];
  const out: Array<{ tag: string; path: JsonPath }> = [];
  if (filter.link !== undefined) out.push({ tag: filter.link, path: [...path, "link"] });
  for (const key of ["where", "properties"] as const) {
    const tag = filter[key]?.link;
    if (typeof tag === "string") out.push({ tag, path: [...path, key, "link"] });
  }
  return out;
}

function tagsOf(template: TemplateFiles | undefined): string[] {
  return [template?.html, template?.text].flatMap((part) =>
    part ? trackedLinks(part.text).map((l) => l.tag) : [],
  );
}

/**
 * The tags the emails of a workflow track, or undefined when one of its templates is missing (or
 * its name unreadable): then what they track is unknown.
 */
function workflowTags(
  { value, lost }: ParsedFile<Workflow>,
  templates: Map<string, TemplateFiles>,
): Set<string> | undefined {
  const tags = new Set<string>();
  for (const [i, step] of value.steps.entries()) {
    if (step.type !== "email") continue;
    const template = templates.get(step.template);
    if (!template?.html || lost?.covers(pointer(["steps", i, "template"]))) return undefined;
    for (const tag of tagsOf(template)) tags.add(tag);
  }
  return tags;
}

type Report = (file: string, filter: ClickFilter, path: JsonPath) => void;

/** Clicks that may come from any email: the tag must be tracked by some template. */
function anyTemplate(everywhere: Set<string>, out: Violation[]): Report {
  return (file, filter, path) => {
    for (const { tag, path: at } of clickTags(filter, path)) {
      if (everywhere.has(tag)) continue;
      const message = `no template tracks a link '${tag}'${didYouMean(tag, everywhere)}: no email has a link whose click this would be`;
      out.push(warning(file, pointer(at), "unknown-link", message));
    }
  };
}

/** Clicks counted in the workflow's own enrollment: the tag must be tracked by one of its templates. */
function ownTemplates(own: Set<string> | undefined, out: Violation[]): Report {
  return (file, filter, path) => {
    if (!own) return;
    for (const { tag, path: at } of clickTags(filter, path)) {
      if (own.has(tag)) continue;
      const tracked = own.size
        ? `its emails track ${listOf([...own].sort(), "and")}`
        : "its emails track no link";
      const message = `no email of this workflow tracks a link '${tag}'${didYouMean(tag, own)}: ${tracked}, and the condition counts only clicks in this workflow's own emails`;
      out.push(warning(file, pointer(at), "unknown-link", message));
    }
  };
}

/**
 * A click condition counts the clicks in its own enrollment's emails (exitWhen, stopWhen,
 * handoff.when, a branch, a waitFor): its tag must be one this workflow's templates track.
 * enrollWhen, scoring and scenarios take a click in any email: the tag must be tracked somewhere.
 */
export function checkLinks(files: Checked, templates: Map<string, TemplateFiles>): Violation[] {
  const out: Violation[] = [];
  const anywhere = anyTemplate(new Set([...templates.values()].flatMap(tagsOf)), out);
  for (const parsed of files.workflows) {
    const inOwn = ownTemplates(workflowTags(parsed, templates), out);
    for (const { condition, path, counts } of workflowConditions(parsed.value))
      for (const leaf of conditionLeaves(condition, path))
        if ("event" in leaf.condition)
          (counts === "enrollment" ? inOwn : anywhere)(parsed.file, leaf.condition, leaf.path);
  }
  for (const { file, value } of files.scoring.slice(0, 1))
    for (const { condition, path } of scoringConditions(value))
      for (const leaf of conditionLeaves(condition, path))
        if ("event" in leaf.condition) anywhere(file, leaf.condition, leaf.path);
  for (const { file, value } of files.scenarios)
    for (const [i, event] of value.events.entries()) anywhere(file, event, ["events", i]);
  return out;
}
