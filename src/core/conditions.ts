/**
 * Evaluates the campaign language's conditions (score, stage, event, attribute, account,
 * all/any/not) against a contact, its score, its events, its account and a clock passed in. Pure:
 * no I/O, no hidden time.
 */
import type {
  AccountCondition,
  AttributeCondition,
  Condition,
  EventCondition,
  NumberComparison,
  Scalar,
  StageChoice,
} from "./language";
import { toSeconds } from "./language/duration-seconds";
import { CONTACT_FIELDS } from "./language/vocabulary";
import type { Contact, EngagementEvent } from "./model";
import type { AccountSummary } from "./reports/report-types";

export interface ConditionContext {
  contact: Contact;
  score: number;
  /** The scoring model's stages, earliest first. */
  stages: readonly string[];
  /** The contact's events (any order). */
  events: readonly EngagementEvent[];
  now: Date;
  /** ISO time the enrollment started: events before it do not count. */
  since?: string;
  /**
   * The contact's account as its row stands (src/core/accounts.ts accountSummary); absent for a
   * contact without an account, whose account conditions are false.
   */
  account?: AccountSummary;
}

/** What an event must look like: a name, optionally a link tag and exact properties. */
export interface EventFilter {
  event: string;
  link?: string;
  where?: Record<string, Scalar>;
}

/** Contact fields an attribute path may start with; anything else is looked up in `attributes`. */
const CONTACT_FIELD_SET: ReadonlySet<string> = new Set(CONTACT_FIELDS.filter((f) => f !== "id"));

const DEFAULT_COUNT: NumberComparison = { gte: 1 };

/** True when the value satisfies every comparator given (eq, ne, gt, gte, lt, lte). */
export function compareNumber(value: number, comparison: NumberComparison): boolean {
  if (comparison.eq !== undefined && value !== comparison.eq) return false;
  if (comparison.ne !== undefined && value === comparison.ne) return false;
  if (comparison.gt !== undefined && !(value > comparison.gt)) return false;
  if (comparison.gte !== undefined && !(value >= comparison.gte)) return false;
  if (comparison.lt !== undefined && !(value < comparison.lt)) return false;
  if (comparison.lte !== undefined && !(value <= comparison.lte)) return false;
  return true;
}

/** True when the event has the filter's name, link tag (`properties.link`) and every `where` property. */
export function eventMatches(event: EngagementEvent, filter: EventFilter): boolean {
  if (event.name !== filter.event) return false;
  if (filter.link !== undefined && event.properties.link !== filter.link) return false;
  if (filter.where) {
    for (const key of Object.keys(filter.where)) {
      if (!Object.hasOwn(event.properties, key) || event.properties[key] !== filter.where[key]) return false;
    }
  }
  return true;
}

/** Evaluates a condition for one contact at `ctx.now`. */
export function evaluateCondition(condition: Condition, ctx: ConditionContext): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, ctx));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, ctx));
  if ("not" in condition) return !evaluateCondition(condition.not, ctx);
  if ("score" in condition) return compareNumber(ctx.score, condition.score);
  if ("stage" in condition) return stageHolds(condition.stage, ctx.contact.stage, ctx.stages);
  if ("event" in condition)
    return compareNumber(countEvents(condition, ctx), condition.count ?? DEFAULT_COUNT);
  if ("attribute" in condition) return attributeHolds(condition, ctx.contact);
  if ("account" in condition) return accountHolds(condition.account, ctx);
  return false;
}

/** The distinct event names a condition mentions, in order of appearance. */
export function conditionEvents(condition: Condition): string[] {
  return [...new Set(eventConditions(condition).map((c) => c.event))];
}

/** The event conditions inside a condition (through all, any and not), in order of appearance. */
export function eventConditions(condition: Condition): EventCondition[] {
  if ("all" in condition) return condition.all.flatMap(eventConditions);
  if ("any" in condition) return condition.any.flatMap(eventConditions);
  if ("not" in condition) return eventConditions(condition.not);
  return "event" in condition ? [condition] : [];
}

/**
 * True when the condition depends on the score or the stage, so a score or stage change can flip
 * it (an `attribute: "stage"` condition reads the stage too, an account condition the sums the
 * contact's score and stage are part of).
 */
export function mentionsScoreOrStage(condition: Condition): boolean {
  if ("all" in condition) return condition.all.some(mentionsScoreOrStage);
  if ("any" in condition) return condition.any.some(mentionsScoreOrStage);
  if ("not" in condition) return mentionsScoreOrStage(condition.not);
  if ("attribute" in condition)
    return condition.attribute === "stage" || condition.attribute.startsWith("stage.");
  return "score" in condition || "stage" in condition || "account" in condition;
}

/** True when the condition has an account condition inside (through all, any and not). */
export function mentionsAccount(condition: Condition): boolean {
  if ("all" in condition) return condition.all.some(mentionsAccount);
  if ("any" in condition) return condition.any.some(mentionsAccount);
  if ("not" in condition) return mentionsAccount(condition.not);
  return "account" in condition;
}

/** Looks up a contact field or attribute path ("company.employees"); undefined when absent. */
export function attributeValue(contact: Contact, path: string): unknown {
  const segments = path.split(".");
  const first = segments[0]!;
  if (CONTACT_FIELD_SET.has(first)) {
    const own = walk((contact as unknown as Record<string, unknown>)[first], segments, 1);
    if (own !== undefined && own !== null) return own;
  }
  const nested = walk(contact.attributes, segments, 0);
  if (nested !== undefined) return nested;
  // An attribute stored flat under a dotted key ("company.employees": 50).
  return segments.length > 1 && isRecord(contact.attributes) && Object.hasOwn(contact.attributes, path)
    ? contact.attributes[path]
    : undefined;
}

function walk(root: unknown, segments: readonly string[], from: number): unknown {
  let current = root;
  for (let i = from; i < segments.length; i++) {
    if (!isRecord(current) && !Array.isArray(current)) return undefined;
    const key = segments[i]!;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when `current` (absent: no stage) is the stage, or at least or at most it in `stages`' order. */
function stageHolds(stage: StageChoice, current: string | undefined, stages: readonly string[]): boolean {
  if (current === undefined) return false;
  if (typeof stage === "string") return current === stage;
  const at = stages.indexOf(current);
  if (at < 0) return false;
  if ("atLeast" in stage) {
    const target = stages.indexOf(stage.atLeast);
    return target >= 0 && at >= target;
  }
  const target = stages.indexOf(stage.atMost);
  return target >= 0 && at <= target;
}

/** Every field the account condition gives holds for the contact's account; false without one. */
function accountHolds(condition: AccountCondition["account"], ctx: ConditionContext): boolean {
  const account = ctx.account;
  if (!account) return false;
  if (condition.score !== undefined && !compareNumber(account.score, condition.score)) return false;
  if (
    condition.engagedContacts !== undefined &&
    !compareNumber(account.engagedContacts, condition.engagedContacts)
  )
    return false;
  return condition.stage === undefined || stageHolds(condition.stage, account.stage, ctx.stages);
}

/** Distinct events (by id) matching the condition in [since, now], and within `within` of now. */
function countEvents(condition: EventCondition, ctx: ConditionContext): number {
  const now = ctx.now.getTime();
  let from = Number.NEGATIVE_INFINITY;
  if (ctx.since !== undefined) {
    const since = Date.parse(ctx.since);
    if (!Number.isNaN(since)) from = since;
  }
  if (condition.within !== undefined) from = Math.max(from, now - toSeconds(condition.within) * 1000);
  const ids = new Set<string>();
  for (const event of ctx.events) {
    if (!eventMatches(event, condition)) continue;
    const at = Date.parse(event.at);
    if (at >= from && at <= now) ids.add(event.id);
  }
  return ids.size;
}

function attributeHolds(condition: AttributeCondition, contact: Contact): boolean {
  const value = attributeValue(contact, condition.attribute);
  const present = value !== undefined && value !== null;
  if (condition.exists !== undefined && condition.exists !== present) return false;
  if (!present) {
    // A missing attribute satisfies only `ne` and `exists: false`.
    return (
      condition.eq === undefined &&
      condition.gt === undefined &&
      condition.gte === undefined &&
      condition.lt === undefined &&
      condition.lte === undefined &&
      condition.in === undefined
    );
  }
  if (condition.eq !== undefined && value !== condition.eq) return false;
  if (condition.ne !== undefined && value === condition.ne) return false;
  if (condition.in !== undefined && !condition.in.some((item) => item === value)) return false;
  const numeric =
    condition.gt !== undefined ||
    condition.gte !== undefined ||
    condition.lt !== undefined ||
    condition.lte !== undefined;
  if (numeric) {
    if (typeof value !== "number" || Number.isNaN(value)) return false;
    return compareNumber(value, {
      gt: condition.gt,
      gte: condition.gte,
      lt: condition.lt,
      lte: condition.lte,
    });
  }
  return true;
}
