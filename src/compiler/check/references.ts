import {
  type Campaign,
  type Condition,
  conditionLeaves,
  type Scoring,
  type Settings,
  type StageChoice,
  type Step,
  type Workflow,
  workflowConditions,
} from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import { didYouMean, listOf } from "../suggest";
import { error, pointer, type Violation, type ViolationCode } from "../violation";

export type Path = Array<string | number>;

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

/** A name another file declares in a list: where the list is, and what to say of a name not in it. */
interface DeclaredName {
  code: ViolationCode;
  /** The list; undefined when it is unknown (a repaired file lost it): then every name passes. */
  list(names: Names): string[] | undefined;
  message(name: string, list: string[]): string;
}

const DECLARED = {
  stage: {
    code: "unknown-stage",
    list: (names) => names.stages,
    message: (stage, stages) =>
      `stage '${stage}' is not in scoring.json's stages (${stages.join(", ")})${didYouMean(stage, stages)}`,
  },
  slack: {
    code: "unknown-slack",
    list: (names) => names.slack,
    message: (name, slack) => {
      const known = slack.length
        ? `; settings.json lists ${listOf(slack, "and")}`
        : "; settings.json lists none";
      return `Slack channel '${name}' is not in settings.json's "slack"${didYouMean(name, slack) || known}`;
    },
  },
  owner: {
    code: "unknown-owner",
    list: (names) => names.owners,
    message: (owner, owners) =>
      `owner '${owner}' is not in settings.json's owners${didYouMean(owner, owners) || ` (${owners.join(", ") || "none"})`}`,
  },
} satisfies Record<string, DeclaredName>;

/**
 * The reference checks of one file against the names the other files declare. Each returns what it
 * finds; a name that is not there (undefined) is nothing to check.
 */
export class ReferenceCheck {
  constructor(
    readonly file: string,
    readonly names: Names,
  ) {}

  /** One violation at `path` of this file. */
  found(code: ViolationCode, path: Path, message: string): Violation[] {
    return [error(this.file, pointer(path), code, message)];
  }

  private declared(kind: keyof typeof DECLARED, name: string | undefined, path: Path): Violation[] {
    const { code, list, message } = DECLARED[kind];
    const names = list(this.names);
    return name !== undefined && names && !names.includes(name)
      ? this.found(code, path, message(name, names))
      : [];
  }

  stage(stage: string | undefined, path: Path): Violation[] {
    return this.declared("stage", stage, path);
  }

  slack(name: string | undefined, path: Path): Violation[] {
    return this.declared("slack", name, path);
  }

  owner(owner: string | undefined, path: Path): Violation[] {
    return this.declared("owner", owner, path);
  }

  /** A campaign or sequence id; `self` is the id of the workflow that names it, which may not name itself. */
  workflow(id: string | undefined, path: Path, self?: string): Violation[] {
    if (id === undefined || this.names.broken?.has(id)) return [];
    if (!this.names.workflows.has(id)) {
      const hint = didYouMean(id, this.names.workflows.keys());
      return this.found(
        "unknown-workflow",
        path,
        `'${id}' is not a campaign or sequence in the workflows folder${hint}`,
      );
    }
    if (id !== self) return [];
    return this.found(
      "self-reference",
      path,
      `'${id}' points back at itself: a contact would loop through it forever`,
    );
  }

  /** The stages a condition names (its own stage conditions and its accounts'), through all/any/not. */
  condition(condition: Condition, path: Path): Violation[] {
    return conditionLeaves(condition, path).flatMap((leaf) => {
      if ("stage" in leaf.condition) return this.stageChoice(leaf.condition.stage, [...leaf.path, "stage"]);
      if ("account" in leaf.condition)
        return this.stageChoice(leaf.condition.account.stage, [...leaf.path, "account", "stage"]);
      return [];
    });
  }

  /** A stage condition's stage: exactly one, or `atLeast`/`atMost` one. */
  private stageChoice(stage: StageChoice | undefined, path: Path): Violation[] {
    if (stage === undefined) return [];
    if (typeof stage === "string") return this.stage(stage, path);
    if ("atLeast" in stage) return this.stage(stage.atLeast, [...path, "atLeast"]);
    return this.stage(stage.atMost, [...path, "atMost"]);
  }
}

function handoffReferences(check: ReferenceCheck, campaign: Campaign): Violation[] {
  const handoff = campaign.handoff;
  if (!handoff) return [];
  return [
    ...check.workflow(handoff.to, ["handoff", "to"], campaign.id),
    ...check.stage(handoff.setStage, ["handoff", "setStage"]),
    ...(handoff.assign !== "round-robin" ? check.owner(handoff.assign, ["handoff", "assign"]) : []),
    ...check.slack(handoff.notify?.slack, ["handoff", "notify", "slack"]),
    ...(handoff.enroll !== undefined && handoff.scope !== "account"
      ? check.found(
          "invalid-value",
          ["handoff", "enroll"],
          `"enroll" says which contacts of the account go to '${handoff.to}', so it needs "scope": "account": add it, or remove "enroll" (a contact's own handoff enrolls that contact)`,
        )
      : []),
  ];
}

function stepReferences(check: ReferenceCheck, step: Step, at: Path): Violation[] {
  switch (step.type) {
    case "email": {
      if (check.names.templates.has(step.template)) return [];
      const hint = didYouMean(step.template, check.names.templates);
      const message = `step '${step.id}' uses template '${step.template}', but templates/ has no ${step.template}.mjml or ${step.template}.html${hint}`;
      return check.found("missing-template", [...at, "template"], message);
    }
    case "setStage":
      return check.stage(step.stage, [...at, "stage"]);
    case "notify":
      return check.slack(step.slack, [...at, "slack"]);
    case "task":
      return check.slack(step.notify?.slack, [...at, "notify", "slack"]);
    default:
      return [];
  }
}

/** References from a campaign or sequence to other files: stages, Slack, owners, workflows, templates. */
export function checkWorkflowReferences({ file, value }: ParsedFile<Workflow>, names: Names): Violation[] {
  const check = new ReferenceCheck(file, names);
  return [
    ...workflowConditions(value).flatMap(({ condition, path }) => check.condition(condition, path)),
    ...(value.kind === "campaign" ? handoffReferences(check, value) : []),
    ...check.stage(value.onComplete?.setStage, ["onComplete", "setStage"]),
    ...check.workflow(value.onComplete?.enroll, ["onComplete", "enroll"], value.id),
    ...value.steps.flatMap((step, i) => stepReferences(check, step, ["steps", i])),
  ];
}

/** The indexes of the items whose key an earlier item already has. */
function repeated<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const again = seen.has(key(item));
    seen.add(key(item));
    return again ? [i] : [];
  });
}

export function checkScoringReferences({ file, value, lost }: ParsedFile<Scoring>): Violation[] {
  // Stages the schema refused leave the list unknown: nothing is reported missing from it.
  const stages = lost?.dropsFrom("/stages") ? {} : { stages: value.stages };
  const check = new ReferenceCheck(file, { ...stages, workflows: new Map(), templates: new Set() });
  return [
    ...repeated(value.stages, (stage) => stage).flatMap((i) =>
      check.found(
        "invalid-value",
        ["stages", i],
        `stage '${value.stages[i]}' is listed twice: list each stage once, earliest first`,
      ),
    ),
    ...Object.entries(value.promote).flatMap(([stage, condition]) => [
      ...check.stage(stage, ["promote", stage]),
      ...check.condition(condition, ["promote", stage]),
      ...accountsInScoring(check, condition, ["promote", stage]),
    ]),
  ];
}

/**
 * Scoring promotes a contact on its own engagement: an account condition there is refused (the
 * engine would read it as false), and the marketer is told where it belongs.
 */
function accountsInScoring(check: ReferenceCheck, condition: Condition, path: Path): Violation[] {
  return conditionLeaves(condition, path).flatMap((leaf) =>
    "account" in leaf.condition
      ? check.found(
          "invalid-condition",
          [...leaf.path, "account"],
          "scoring.json promotes a contact on its own score and events, so it cannot use an account condition: put it in a campaign (enrollWhen, a branch, goal, exitWhen or handoff.when)",
        )
      : [],
  );
}

export function checkSettings({ file, value }: ParsedFile<Settings>): Violation[] {
  return repeated(value.owners, (owner) => owner.id).map((i) =>
    error(
      file,
      pointer(["owners", i, "id"]),
      "invalid-value",
      `two owners share the id '${value.owners[i]!.id}': give each owner its own id`,
    ),
  );
}
