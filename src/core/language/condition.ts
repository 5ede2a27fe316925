import { Duration } from "./duration";
import { custom } from "./issue-code";
import { EventName, LinkTag, Scalar, StageName } from "./names";
import * as z from "./zod-mini";

const COMPARATORS = ["eq", "ne", "gt", "gte", "lt", "lte"] as const;

export const NumberComparison = z
  .strictObject({
    eq: z.optional(z.number()),
    ne: z.optional(z.number()),
    gt: z.optional(z.number()),
    gte: z.optional(z.number()),
    lt: z.optional(z.number()),
    lte: z.optional(z.number()),
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
  .check(z.meta({ description: 'A numeric comparison such as { "gte": 40 }.' }));
export type NumberComparison = z.infer<typeof NumberComparison>;

export const ScoreCondition = z.strictObject({ score: NumberComparison });
export type ScoreCondition = z.infer<typeof ScoreCondition>;

/** A stage, exactly (`"sql"`), or this stage or a later (`atLeast`) or earlier (`atMost`) one. */
const StageChoice = z.union([
  StageName,
  z.strictObject({ atLeast: StageName }),
  z.strictObject({ atMost: StageName }),
]);
export type StageChoice = z.infer<typeof StageChoice>;

export const StageCondition = z.strictObject({ stage: StageChoice });
export type StageCondition = z.infer<typeof StageCondition>;

/** What an account condition may compare: its fields all hold (at least one is given). */
const ACCOUNT_FIELDS = ["score", "engagedContacts", "stage"] as const;

export const AccountCondition = z
  .strictObject({
    account: z
      .strictObject({
        score: z
          .optional(NumberComparison)
          .check(z.meta({ description: "The sum of its contacts' scores." })),
        engagedContacts: z.optional(NumberComparison).check(
          z.meta({
            description: "How many of its contacts have a score of at least settings.accounts.engagedScore.",
          }),
        ),
        stage: z
          .optional(StageChoice)
          .check(z.meta({ description: "The latest stage any of its contacts is in." })),
      })
      .check((ctx) => {
        if (!ACCOUNT_FIELDS.some((field) => ctx.value[field] !== undefined))
          custom(
            ctx,
            "invalid-value",
            `an account condition needs score, engagedContacts or stage, like { "account": { "score": { "gte": 100 } } }`,
          );
      }),
  })
  .check(
    z.meta({
      description:
        "A condition on the contact's account (its company): false for a contact without an account.",
    }),
  );
export type AccountCondition = z.infer<typeof AccountCondition>;

export const EventCondition = z.strictObject({
  event: EventName,
  link: z.optional(LinkTag).check(z.meta({ description: "For email.click: the tag of the tracked link." })),
  where: z
    .optional(z.record(z.string(), Scalar))
    .check(z.meta({ description: "Properties the event must have." })),
  within: z.optional(Duration).check(z.meta({ description: "Only events this recent count." })),
  count: z.optional(NumberComparison).check(z.meta({ description: 'How many times; default { "gte": 1 }.' })),
});
export type EventCondition = z.infer<typeof EventCondition>;

export const AttributeCondition = z.strictObject({
  attribute: z
    .string()
    .check(z.minLength(1))
    .check(z.meta({ description: 'A contact field or attribute path: "company.employees".' })),
  eq: z.optional(Scalar),
  ne: z.optional(Scalar),
  gt: z.optional(z.number()),
  gte: z.optional(z.number()),
  lt: z.optional(z.number()),
  lte: z.optional(z.number()),
  in: z.optional(z.array(Scalar)),
  exists: z.optional(z.boolean()),
});
export type AttributeCondition = z.infer<typeof AttributeCondition>;

export type Condition =
  | ScoreCondition
  | StageCondition
  | EventCondition
  | AttributeCondition
  | AccountCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** The keys that tell condition kinds apart, in the order the validator names them. */
export const CONDITION_KEYS = [
  "score",
  "stage",
  "event",
  "attribute",
  "account",
  "all",
  "any",
  "not",
] as const;

export const Condition: z.ZodMiniType<Condition> = z.lazy(() =>
  z
    .union([
      ScoreCondition,
      StageCondition,
      EventCondition,
      AttributeCondition,
      AccountCondition,
      z.strictObject({ all: z.array(Condition).check(z.minLength(1)) }),
      z.strictObject({ any: z.array(Condition).check(z.minLength(1)) }),
      z.strictObject({ not: Condition }),
    ])
    .check(
      z.meta({
        id: "Condition",
        description: "A condition on the contact: score, stage, events, attributes, its account.",
      }),
    ),
);
