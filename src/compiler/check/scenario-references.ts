import type { Expectation, Scenario } from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import { didYouMean } from "../suggest";
import type { Violation } from "../violation";
import { type Names, type Path, ReferenceCheck } from "./references";

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
}

/** The names an expectation holds: the contact, steps, a stage, workflows, a Slack name, an owner. */
function expectationReferences(check: ScenarioCheck, e: Expectation, at: Path): Violation[] {
  return [
    ...("contact" in e ? check.contact(e.contact, [...at, "contact"]) : []),
    ...("sent" in e ? check.step(e.sent, [...at, "sent"]) : []),
    ...("notSent" in e ? check.step(e.notSent, [...at, "notSent"]) : []),
    ...("task" in e ? check.step(e.task, [...at, "task"]) : []),
    ...("stage" in e ? check.stage(e.stage, [...at, "stage"]) : []),
    ...("enrolled" in e ? check.workflow(e.enrolled, [...at, "enrolled"]) : []),
    ...("notEnrolled" in e ? check.workflow(e.notEnrolled, [...at, "notEnrolled"]) : []),
    ...("slack" in e ? check.slack(e.slack, [...at, "slack"]) : []),
    ...("enrollment" in e ? check.workflow(e.enrollment, [...at, "enrollment"]) : []),
    ...("owner" in e ? check.owner(e.owner, [...at, "owner"]) : []),
  ];
}

/** References from a scenario: its own contacts, steps, workflows, stages, Slack names and owners. */
export function checkScenarioReferences(parsed: ParsedFile<Scenario>, names: Names): Violation[] {
  const check = new ScenarioCheck(parsed, names);
  const { contacts, enroll, events, completeTasks, expect } = parsed.value;
  return [
    ...contacts.flatMap((c, i) => [
      ...check.owner(c.owner, ["contacts", i, "owner"]),
      ...check.stage(c.stage, ["contacts", i, "stage"]),
    ]),
    ...enroll.flatMap((e, i) => [
      ...check.contact(e.contact, ["enroll", i, "contact"]),
      ...check.workflow(e.into, ["enroll", i, "into"]),
    ]),
    ...events.flatMap((e, i) => [
      ...check.contact(e.contact, ["events", i, "contact"]),
      ...check.step(e.afterSent, ["events", i, "afterSent"]),
    ]),
    ...completeTasks.flatMap((t, i) => [
      ...check.contact(t.contact, ["completeTasks", i, "contact"]),
      ...check.step(t.task, ["completeTasks", i, "task"]),
    ]),
    ...expect.flatMap((expectation, i) => expectationReferences(check, expectation, ["expect", i])),
  ];
}
