import {
  type Condition,
  conditionLeaves,
  type JsonPath,
  type Scalar,
  scoringConditions,
  type Workflow,
  workflowConditions,
} from "../../core/language";
import type { TemplateFiles } from "../../core/render/template-files";
import type { ParsedFile } from "../parse/parse-file";
import { didYouMean, listOf } from "../suggest";
import { pointer, type Violation, warning } from "../violation";
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

/** The warnings about the link tags one click filter names. */
type ClickCheck = (file: string, filter: ClickFilter, path: JsonPath) => Violation[];

/** Clicks that may come from any email: the tag must be tracked by some template. */
function anyTemplate(everywhere: Set<string>): ClickCheck {
  return (file, filter, path) =>
    clickTags(filter, path)
      .filter(({ tag }) => !everywhere.has(tag))
      .map(({ tag, path: at }) => {
        const message = `no template tracks a link '${tag}'${didYouMean(tag, everywhere)}: no email has a link whose click this would be`;
        return warning(file, pointer(at), "unknown-link", message);
      });
}

/** Clicks counted in the workflow's own enrollment: the tag must be tracked by one of its templates. */
function ownTemplates(own: Set<string> | undefined): ClickCheck {
  return (file, filter, path) => {
    if (!own) return [];
    const tracked = own.size
      ? `its emails track ${listOf([...own].sort(), "and")}`
      : "its emails track no link";
    return clickTags(filter, path)
      .filter(({ tag }) => !own.has(tag))
      .map(({ tag, path: at }) => {
        const message = `no email of this workflow tracks a link '${tag}'${didYouMean(tag, own)}: ${tracked}, and the condition counts only clicks in this workflow's own emails`;
        return warning(file, pointer(at), "unknown-link", message);
      });
  };
}

/**
 * A click condition counts the clicks in its own enrollment's emails (exitWhen, stopWhen,
 * handoff.when, a branch, a waitFor): its tag must be one this workflow's templates track.
 * enrollWhen, scoring and scenarios take a click in any email: the tag must be tracked somewhere.
 */
export function checkLinks(files: Checked, templates: Map<string, TemplateFiles>): Violation[] {
  const anywhere = anyTemplate(new Set([...templates.values()].flatMap(tagsOf)));
  const clicks = (file: string, check: ClickCheck, condition: Condition, path: JsonPath) =>
    conditionLeaves(condition, path).flatMap((leaf) =>
      "event" in leaf.condition ? check(file, leaf.condition, leaf.path) : [],
    );
  return [
    ...files.workflows.flatMap((parsed) => {
      const inOwn = ownTemplates(workflowTags(parsed, templates));
      return workflowConditions(parsed.value).flatMap(({ condition, path, counts }) =>
        clicks(parsed.file, counts === "enrollment" ? inOwn : anywhere, condition, path),
      );
    }),
    ...files.scoring
      .slice(0, 1)
      .flatMap(({ file, value }) =>
        scoringConditions(value).flatMap(({ condition, path }) => clicks(file, anywhere, condition, path)),
      ),
    ...files.scenarios.flatMap(({ file, value }) =>
      value.events.flatMap((event, i) => anywhere(file, event, ["events", i])),
    ),
  ];
}
