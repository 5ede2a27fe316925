import type { Scenario } from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import { didYouMean } from "../suggest";
import type { Violation } from "../violation";
import { type Names, type Path, ReferenceCheck } from "./references";

/** The kinds of name a scenario's fields hold: each is a method of ScenarioCheck. */
type NameKind = "contact" | "step" | "stage" | "slack" | "owner" | "workflow";

/** A scenario's checks: the names the other files declare, and the contacts and steps it names. */
class ScenarioCheck extends ReferenceCheck {
  private readonly contacts: string[];
  /** False when a contact id the schema refused may be the one meant. */
  private readonly contactsKnown: boolean;

  constructor({ file, value, lost }: ParsedFile<Scenario>, names: Names) {
    super(file, names);
    this.contacts = value.contacts.map((c) => c.id);
    this.contactsKnown =
      !lost?.dropsFrom("/contacts") && !this.contacts.some((_, i) => lost?.covers(`/contacts/${i}/id`));
  }

  /** A contact the scenario defines. */
  contact(id: string | undefined, path: Path): Violation[] {
    if (id === undefined || !this.contactsKnown || this.contacts.includes(id)) return [];
    const message = `contact '${id}' is not in this scenario's contacts${didYouMean(id, this.contacts)}`;
    return this.found("unknown-contact", path, message);
  }

  /** A step: '<workflow>/<step>', or a step id that only one workflow has. */
  step(ref: string | undefined, path: Path): Violation[] {
    if (ref === undefined) return [];
    const [workflowId, stepId] = ref.includes("/") ? ref.split("/", 2) : [undefined, ref];
    const workflows = [...this.names.workflows.values()];
    const holders = workflows.filter(
      (w) => (workflowId ? w.id === workflowId : true) && w.steps.some((step) => step.id === stepId),
    );
    // A workflow that did not parse, or whose step ids are not all known, may hold the step.
    const unsure = workflowId
      ? this.names.incomplete?.has(workflowId)
      : Boolean(this.names.broken?.size || this.names.incomplete?.size);
    if (workflowId && !this.names.workflows.has(workflowId)) return this.workflow(workflowId, path);
    if (holders.length === 0 && !unsure) {
      const all = workflows.flatMap((w) => w.steps.map((step) => `${w.id}/${step.id}`));
      const message = `'${ref}' names no step of any campaign or sequence${didYouMean(ref, all)}`;
      return this.found("unknown-step", path, message);
    }
    if (workflowId || holders.length <= 1) return [];
    const message = `step '${ref}' exists in ${holders.map((w) => w.id).join(" and ")}: write '<workflow>/${ref}'`;
    return this.found("unknown-step", path, message);
  }

  /** The names in an item's fields, each checked as the kind of name `fields` maps it to, in that order. */
  fieldNames(item: object, at: Path, fields: Readonly<Record<string, NameKind>>): Violation[] {
    const values = item as Readonly<Record<string, string | undefined>>;
    return Object.entries(fields).flatMap(([field, kind]) =>
      field in item ? this[kind](values[field], [...at, field]) : [],
    );
  }
}

/** The fields of an expectation that hold a name, in the order they are checked. */
const EXPECTATION_FIELDS: Readonly<Record<string, NameKind>> = {
  contact: "contact",
  sent: "step",
  notSent: "step",
  task: "step",
  stage: "stage",
  enrolled: "workflow",
  notEnrolled: "workflow",
  slack: "slack",
  enrollment: "workflow",
  owner: "owner",
};

/** References from a scenario: its own contacts, steps, workflows, stages, Slack names and owners. */
export function checkScenarioReferences(parsed: ParsedFile<Scenario>, names: Names): Violation[] {
  const check = new ScenarioCheck(parsed, names);
  const { contacts, enroll, events, completeTasks, expect } = parsed.value;
  const each = (list: string, items: readonly object[], fields: Readonly<Record<string, NameKind>>) =>
    items.flatMap((item, i) => check.fieldNames(item, [list, i], fields));
  return [
    ...each("contacts", contacts, { owner: "owner", stage: "stage" }),
    ...each("enroll", enroll, { contact: "contact", into: "workflow" }),
    ...each("events", events, { contact: "contact", afterSent: "step" }),
    ...each("completeTasks", completeTasks, { contact: "contact", task: "step" }),
    ...each("expect", expect, EXPECTATION_FIELDS),
  ];
}
