import { z } from "zod";
import { Condition } from "./condition";
import { Duration } from "./duration";
import { EventName, LinkTag, Scalar, StageName } from "./names";

export const ScoringRule = z.strictObject({
  event: EventName,
  link: z.optional(LinkTag),
  where: z.record(z.string(), Scalar).optional(),
  points: z.number().int().min(-1000).max(1000),
  cap: z
    .strictObject({ points: z.number().int().positive(), per: Duration })
    .optional()
    .meta({ description: "At most this many points from this rule per period." }),
});
export type ScoringRule = z.infer<typeof ScoringRule>;

export const Scoring = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1).optional(),
    kind: z.literal("scoring"),
    stages: z.array(StageName).min(2).meta({ description: "Lifecycle stages, earliest first." }),
    rules: z.array(ScoringRule).default([]),
    decay: z.strictObject({ halfLife: Duration }).optional(),
    promote: z.record(StageName, Condition).default({}),
  })
  .meta({ description: "The lead-scoring model and lifecycle stages." });
export type Scoring = z.infer<typeof Scoring>;
