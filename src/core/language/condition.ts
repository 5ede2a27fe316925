import { z } from "zod";
import { Duration } from "./duration";
import { custom } from "./issue-code";
import { EventName, LinkTag, Scalar, StageName } from "./names";

const COMPARATORS = ["eq", "ne", "gt", "gte", "lt", "lte"] as const;

export const NumberComparison = z
  .strictObject({
    eq: z.number().optional(),
    ne: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  })
  .check((ctx) => {
    if (!COMPARATORS.some((op) => ctx.value[op] !== undefined)) {
      custom(
        ctx,
        "invalid-value",
        `a comparison needs at least one of ${COMPARATORS.join(", ")}, like { "gte": 40 }`,
      );
    }
  })
  .meta({ description: 'A numeric comparison such as { "gte": 40 }.' });
export type NumberComparison = z.infer<typeof NumberComparison>;

export const ScoreCondition = z.strictObject({ score: NumberComparison });
export type ScoreCondition = z.infer<typeof ScoreCondition>;

export const StageCondition = z.strictObject({
  stage: z.union([StageName, z.strictObject({ atLeast: StageName }), z.strictObject({ atMost: StageName })]),
});
export type StageCondition = z.infer<typeof StageCondition>;

export const EventCondition = z.strictObject({
  event: EventName,
  link: LinkTag.optional().meta({ description: "For email.click: the tag of the tracked link." }),
  where: z.record(z.string(), Scalar).optional().meta({ description: "Properties the event must have." }),
  within: Duration.optional().meta({ description: "Only events this recent count." }),
  count: NumberComparison.optional().meta({ description: 'How many times; default { "gte": 1 }.' }),
});
export type EventCondition = z.infer<typeof EventCondition>;

export const AttributeCondition = z.strictObject({
  attribute: z
    .string()
    .min(1)
    .meta({ description: 'A contact field or attribute path: "company.employees".' }),
  eq: Scalar.optional(),
  ne: Scalar.optional(),
  gt: z.number().optional(),
  gte: z.number().optional(),
  lt: z.number().optional(),
  lte: z.number().optional(),
  in: z.array(Scalar).optional(),
  exists: z.boolean().optional(),
});
export type AttributeCondition = z.infer<typeof AttributeCondition>;

export type Condition =
  | ScoreCondition
  | StageCondition
  | EventCondition
  | AttributeCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** The keys that tell condition kinds apart, in the order the validator names them. */
export const CONDITION_KEYS = ["score", "stage", "event", "attribute", "all", "any", "not"] as const;

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .union([
      ScoreCondition,
      StageCondition,
      EventCondition,
      AttributeCondition,
      z.strictObject({ all: z.array(Condition).min(1) }),
      z.strictObject({ any: z.array(Condition).min(1) }),
      z.strictObject({ not: Condition }),
    ])
    .meta({ id: "Condition", description: "A condition on the contact: score, stage, events, attributes." }),
);
