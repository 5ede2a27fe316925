import {
  type Condition,
  conditionLeaves,
  type Scenario,
  type Scoring,
  type Settings,
  type Workflow,
  workflowConditions,
} from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import { didYouMean, listOf } from "../suggest";
import { error, pointer, type Violation } from "../violation";

type Path = Array<string | number>;

export interface Names {
  stages?: string[];
  slack?: string[];
  owners?: string[];
  workflows: Map<string, Workflow>;
  /** Ids of workflow files that exist but did not parse: not reported as missing. */
  broken?: Set<string>;
  /** Ids of workflows repaired after schema errors whose step ids are not all known. */
  incomplete?: Set<string>;
  templates: Set<string>;
}

function checker(file: string, names: Names, out: Violation[]) {
  return {
    stage(stage: string, path: Path) {
      if (names.stages && !names.stages.includes(stage)) {
        out.push(
          error(
            file,
            pointer(path),
            "unknown-stage",
            `stage '${stage}' is not in scoring.json's stages (${names.stages.join(", ")})${didYouMean(stage, names.stages)}`,
          ),
        );
      }
    },
    slack(name: string, path: Path) {
      if (names.slack && !names.slack.includes(name)) {
        const known = names.slack.length
          ? `; settings.json lists ${listOf(names.slack, "and")}`
          : "; settings.json lists none";
        out.push(
          error(
            file,
            pointer(path),
            "unknown-slack",
            `Slack channel '${name}' is not in settings.json's "slack"${didYouMean(name, names.slack) || known}`,
          ),
        );
      }
    },
    owner(owner: string, path: Path) {
      if (names.owners && !names.owners.includes(owner)) {
        out.push(
          error(
            file,
            pointer(path),
            "unknown-owner",
            `owner '${owner}' is not in settings.json's owners${didYouMean(owner, names.owners) || ` (${names.owners.join(", ") || "none"})`}`,
          ),
        );
      }
    },
    workflow(id: string, path: Path, self?: string) {
      if (names.broken?.has(id)) return;
      if (!names.workflows.has(id)) {
        out.push(
          error(
            file,
            pointer(path),
            "unknown-workflow",
            `'${id}' is not a campaign or sequence in the workflows folder${didYouMean(id, names.workflows.keys())}`,
          ),
        );
      } else if (id === self) {
        out.push(
          error(
            file,
            pointer(path),
            "self-reference",
            `'${id}' points back at itself: a contact would loop through it forever`,
          ),
        );
      }
    },
    /** The stages a condition names, through all/any/not. */
    condition(condition: Condition, path: Path) {
      for (const leaf of conditionLeaves(condition, path)) {
        if (!("stage" in leaf.condition)) continue;
        const s = leaf.condition.stage;
        if (typeof s === "string") this.stage(s, [...leaf.path, "stage"]);
        else if ("atLeast" in s) this.stage(s.atLeast, [...leaf.path, "stage", "atLeast"]);
        else this.stage(s.atMost, [...leaf.path, "stage", "atMost"]);
      }
    },
  };
}

/** References from a campaign or sequence to other files: stages, Slack, owners, workflows, templates. */
export function checkWorkflowReferences({ file, value }: ParsedFile<Workflow>, names: Names): Violation[] {
  const out: Violation[] = [];
  const check = checker(file, names, out);
  for (const { condition, path } of workflowConditions(value)) check.condition(condition, path);
  if (value.kind === "campaign" && value.handoff) {
    const handoff = value.handoff;
    check.workflow(handoff.to, ["handoff", "to"], value.id);
    if (handoff.setStage) check.stage(handoff.setStage, ["handoff", "setStage"]);
    if (handoff.assign && handoff.assign !== "round-robin")
      check.owner(handoff.assign, ["handoff", "assign"]);
    if (handoff.notify) check.slack(handoff.notify.slack, ["handoff", "notify", "slack"]);
  }
  if (value.onComplete?.setStage) check.stage(value.onComplete.setStage, ["onComplete", "setStage"]);
  if (value.onComplete?.enroll) check.workflow(value.onComplete.enroll, ["onComplete", "enroll"], value.id);
  value.steps.forEach((step, i) => {
    const at: Path = ["steps", i];
    switch (step.type) {
      case "email":
        if (!names.templates.has(step.template)) {
          out.push(
            error(
              file,
              pointer([...at, "template"]),
              "missing-template",
              `step '${step.id}' uses template '${step.template}', but templates/ has no ${step.template}.mjml or ${step.template}.html${didYouMean(step.template, names.templates)}`,
            ),
          );
        }
        break;
      case "setStage":
        check.stage(step.stage, [...at, "stage"]);
        break;
      case "notify":
        check.slack(step.slack, [...at, "slack"]);
        break;
      case "task":
        if (step.notify) check.slack(step.notify.slack, [...at, "notify", "slack"]);
        break;
    }
  });
  return out;
}

export function checkScoringReferences({ file, value, lost }: ParsedFile<Scoring>): Violation[] {
  const out: Violation[] = [];
  // Stages the schema refused leave the list unknown: nothing is reported missing from it.
  const stages = lost?.dropsFrom("/stages") ? {} : { stages: value.stages };
  const check = checker(file, { ...stages, workflows: new Map(), templates: new Set() }, out);
  const seen = new Set<string>();
  value.stages.forEach((stage, i) => {
    if (seen.has(stage))
      out.push(
        error(
          file,
          pointer(["stages", i]),
          "invalid-value",
          `stage '${stage}' is listed twice: list each stage once, earliest first`,
        ),
      );
    seen.add(stage);
  });
  for (const [stage, condition] of Object.entries(value.promote)) {
    check.stage(stage, ["promote", stage]);
    check.condition(condition, ["promote", stage]);
  }
  return out;
}

export function checkSettings({ file, value }: ParsedFile<Settings>): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  value.owners.forEach((owner, i) => {
    if (seen.has(owner.id))
      out.push(
        error(
          file,
          pointer(["owners", i, "id"]),
          "invalid-value",
          `two owners share the id '${owner.id}': give each owner its own id`,
        ),
      );
    seen.add(owner.id);
  });
  return out;
}

export function checkScenarioReferences(
  { file, value, lost }: ParsedFile<Scenario>,
  names: Names,
): Violation[] {
  const out: Violation[] = [];
  const check = checker(file, names, out);
  const contacts = value.contacts.map((c) => c.id);
  // A contact whose id the schema refused may be the one meant.
  const contactsKnown =
    !lost?.dropsFrom("/contacts") && !contacts.some((_, i) => lost?.covers(`/contacts/${i}/id`));
  const contact = (id: string, path: Path) => {
    if (contactsKnown && !contacts.includes(id)) {
      out.push(
        error(
          file,
          pointer(path),
          "unknown-contact",
          `contact '${id}' is not in this scenario's contacts${didYouMean(id, contacts)}`,
        ),
      );
    }
  };
  const stepRef = (ref: string, path: Path) => {
    const [workflowId, stepId] = ref.includes("/") ? ref.split("/", 2) : [undefined, ref];
    const owners = [...names.workflows.values()].filter(
      (w) => (workflowId ? w.id === workflowId : true) && w.steps.some((s) => s.id === stepId),
    );
    // A workflow that did not parse, or whose step ids are not all known, may hold the step.
    const unsure = workflowId
      ? names.incomplete?.has(workflowId)
      : Boolean(names.broken?.size || names.incomplete?.size);
    if (workflowId && !names.workflows.has(workflowId)) check.workflow(workflowId, path);
    else if (owners.length === 0 && !unsure) {
      const all = [...names.workflows.values()].flatMap((w) => w.steps.map((s) => `${w.id}/${s.id}`));
      out.push(
        error(
          file,
          pointer(path),
          "unknown-step",
          `'${ref}' names no step of any campaign or sequence${didYouMean(ref, all)}`,
        ),
      );
    } else if (!workflowId && owners.length > 1) {
      out.push(
        error(
          file,
          pointer(path),
          "unknown-step",
          `step '${ref}' exists in ${owners.map((w) => w.id).join(" and ")}: write '<workflow>/${ref}'`,
        ),
      );
    }
  };
  value.contacts.forEach((c, i) => {
    if (c.owner) check.owner(c.owner, ["contacts", i, "owner"]);
    if (c.stage) check.stage(c.stage, ["contacts", i, "stage"]);
  });
  value.enroll.forEach((e, i) => {
    contact(e.contact, ["enroll", i, "contact"]);
    check.workflow(e.into, ["enroll", i, "into"]);
  });
  value.events.forEach((e, i) => {
    contact(e.contact, ["events", i, "contact"]);
    if (e.afterSent) stepRef(e.afterSent, ["events", i, "afterSent"]);
  });
  value.completeTasks.forEach((t, i) => {
    contact(t.contact, ["completeTasks", i, "contact"]);
    stepRef(t.task, ["completeTasks", i, "task"]);
  });
  value.expect.forEach((e, i) => {
    const at: Path = ["expect", i];
    if ("contact" in e) contact(e.contact, [...at, "contact"]);
    if ("sent" in e) stepRef(e.sent, [...at, "sent"]);
    if ("notSent" in e) stepRef(e.notSent, [...at, "notSent"]);
    if ("task" in e) stepRef(e.task, [...at, "task"]);
    if ("stage" in e) check.stage(e.stage, [...at, "stage"]);
    if ("enrolled" in e) check.workflow(e.enrolled, [...at, "enrolled"]);
    if ("notEnrolled" in e) check.workflow(e.notEnrolled, [...at, "notEnrolled"]);
    if ("slack" in e) check.slack(e.slack, [...at, "slack"]);
    if ("enrollment" in e) check.workflow(e.enrollment, [...at, "enrollment"]);
    if ("owner" in e) check.owner(e.owner, [...at, "owner"]);
  });
  return out;
}
