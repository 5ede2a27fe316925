/**
 * The smoke test's fixed names (`handoff smoke`, docs/deploy.md): the two built-in workflows every
 * stage ships with, the events the smoke run posts, the link it clicks, and what makes a contact a
 * smoke contact. The compiler, the HTTP adapter, the local runtime and the CLI read them here.
 */

/** The built-in campaign `handoff smoke` enrolls its contacts in (through the API only). */
export const SMOKE_CAMPAIGN = "handoff-smoke";
/** The built-in sequence the smoke campaign hands off to. */
export const SMOKE_SEQUENCE = "handoff-smoke-sales";
/**
 * The built-in workflows: deployed on every stage (src/compiler/smoke-workflows.ts), and listed
 * nowhere a marketer picks or reads workflows (GET /workflows, the dashboard, the simulation's report).
 */
export const SMOKE_WORKFLOWS: readonly string[] = [SMOKE_CAMPAIGN, SMOKE_SEQUENCE];
export function isSmokeWorkflow(id: string): boolean {
  return SMOKE_WORKFLOWS.includes(id);
}
/** The marketer's own workflows of a deployment: all but the built-in smoke ones. */
export function marketerWorkflows<W extends { id: string }>(workflows: Iterable<W>): W[] {
  return [...workflows].filter((workflow) => !isSmokeWorkflow(workflow.id));
}
/** The built-in template both smoke workflows send. */
export const SMOKE_TEMPLATE = "handoff-smoke";
/**
 * The smoke workflows' step ids, prefixed so that a scenario's reference to a marketer's step (say
 * `first`) never also names a built-in step of the deployment.
 */
export const SMOKE_STEPS = {
  first: "smoke-first",
  hold: "smoke-hold",
  afterHold: "smoke-after-hold",
  rest: "smoke-rest",
  firstTouch: "smoke-first-touch",
} as const;
/** Ends the smoke campaign's `waitFor` pause at once (the interrupt check). */
export const SMOKE_CONTINUE_EVENT = "handoff.smoke-continue";
/** Fires the smoke campaign's handoff rule (the handoff check). */
export const SMOKE_HANDOFF_EVENT = "handoff.smoke-handoff";
/** The tag of the smoke email's one tracked link, and where it leads. */
export const SMOKE_LINK_TAG = "smoke";
export const SMOKE_LINK_TARGET = "https://example.com/handoff-smoke";

/** SES's mailbox simulator: mail to it never reaches a person, and SES answers as the local part says. */
export const SES_SIMULATOR_DOMAIN = "simulator.amazonses.com";

/** The mailbox simulator's addresses, by the outcome SES gives them (a `+label` may follow the name). */
export const SIMULATOR_OUTCOMES = ["success", "bounce", "complaint", "ooto", "suppressionlist"] as const;
export type SimulatorOutcome = (typeof SIMULATOR_OUTCOMES)[number];

/** The outcome SES gives `address`, or undefined when it is not a mailbox simulator address. */
export function simulatorOutcome(address: string): SimulatorOutcome | undefined {
  const match = /^([a-z]+)(?:\+[^@]*)?@(.+)$/i.exec(address.trim());
  if (!match || match[2]!.toLowerCase() !== SES_SIMULATOR_DOMAIN) return undefined;
  const name = match[1]!.toLowerCase();
  return (SIMULATOR_OUTCOMES as readonly string[]).includes(name) ? (name as SimulatorOutcome) : undefined;
}

/**
 * A smoke contact: its address is SES's mailbox simulator. Only such contacts get smoke links from
 * the API; no rule promotes or enrolls them (isSmokeContactAddress), they have no account, and the
 * smoke workflows publish no webhooks and create no rep tasks.
 */
export function isSmokeAddress(address: string): boolean {
  return simulatorOutcome(address) !== undefined;
}

/**
 * A contact no rule may enroll in a marketer's campaign: a mailbox simulator address, or an address
 * at the stage's own reply domain (Handoff's; no person has one: the reply check's second contact).
 */
export function isSmokeContactAddress(address: string, replyDomain: string | undefined): boolean {
  return isSmokeAddress(address) || atReplyDomain(address, replyDomain);
}

/** Whether `address` is at the stage's reply domain (none: replies off). */
export function atReplyDomain(address: string, replyDomain: string | undefined): boolean {
  return replyDomain !== undefined && address.trim().toLowerCase().endsWith(`@${replyDomain.toLowerCase()}`);
}
