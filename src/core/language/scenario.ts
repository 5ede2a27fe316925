import { z } from "zod";
import { NumberComparison } from "./condition";
import { ContactInput } from "./contact";
import { DURATION_HELP, durationSeconds } from "./duration";
import { custom } from "./issue-code";
import { EventName, LinkTag, OwnerId, Scalar, SlackName, StageName, WorkflowId } from "./names";
import { ATTRIBUTION_MODELS } from "./settings-alignment";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A moment in a scenario: a duration from its start ("30d", "0m", "P3DT1H", "PT0S") or an absolute
 * ISO timestamp. A duration never looks like a timestamp (it has no "-"), so the two cannot mix.
 */
export const Moment = z
  .string()
  .check((ctx) => {
    const v = ctx.value;
    if (durationSeconds(v) !== undefined) return;
    if (TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v))) return;
    custom(
      ctx,
      "invalid-duration",
      `"${v}" is neither a duration from the start ("3d", "4h", "0m", "P3DT1H") nor a timestamp ("2026-03-05T15:00:00Z")`,
    );
  })
  .meta({
    description: 'A duration from the scenario\'s start ("3d", "0m", "P3DT1H") or an ISO timestamp.',
    examples: ["3d", "P3DT1H", "2026-03-05T15:00:00Z"],
  });

/**
 * How long after something a scenario acts: a duration like a workflow's, except that zero ("0m",
 * "PT0S") is allowed, meaning at the same instant. Workflows' `Duration` keeps rejecting zero.
 */
export const Delay = z
  .string()
  .check((ctx) => {
    if (durationSeconds(ctx.value) === undefined)
      custom(
        ctx,
        "invalid-duration",
        `"${ctx.value}" is not a duration: ${DURATION_HELP}; "0m" means at once`,
      );
  })
  .meta({ description: `A delay: ${DURATION_HELP}; "0m" means at once.`, examples: ["1h", "0m", "PT30M"] });

const StepRef = z
  .string()
  .min(1)
  .meta({ description: '"<workflow id>/<step id>", or a step id that is unique.' });

export const ScenarioEvent = z.strictObject({
  contact: z.string(),
  event: EventName,
  link: z.optional(LinkTag),
  properties: z.record(z.string(), Scalar).optional(),
  at: Moment.optional(),
  afterSent: StepRef.optional().meta({ description: "Time the event from when this email went out." }),
  delay: Delay.optional(),
});
export type ScenarioEvent = z.infer<typeof ScenarioEvent>;

/** The statuses of an enrollment, as an expectation names them (the model's EnrollmentStatus). */
export const EnrollmentStatusName = z
  .enum(["active", "completed", "handed-off", "exited", "stopped", "converted", "failed"])
  .meta({ description: "An enrollment's status." });
export type EnrollmentStatusName = z.infer<typeof EnrollmentStatusName>;

const window = { before: Moment.optional(), after: Moment.optional() };
export const Expectation = z.union([
  z.strictObject({ contact: z.string(), sent: StepRef, ...window }),
  z.strictObject({ contact: z.string(), notSent: StepRef, ...window }),
  z.strictObject({ contact: z.string(), emails: z.union([z.number().int().min(0), NumberComparison]) }),
  z.strictObject({ contact: z.string(), stage: StageName, by: Moment.optional() }),
  z.strictObject({ contact: z.string(), enrolled: WorkflowId }),
  z.strictObject({ contact: z.string(), notEnrolled: WorkflowId }),
  z.strictObject({
    contact: z.string(),
    task: StepRef,
    status: z.enum(["open", "completed", "timedOut", "cancelled"]).optional(),
  }),
  z.strictObject({ slack: SlackName, count: z.union([z.number().int().min(0), NumberComparison]) }),
  z
    .strictObject({ contact: z.string(), enrollment: WorkflowId, status: EnrollmentStatusName })
    .meta({ description: "The contact's latest enrollment in this workflow has this status at the end." }),
  z
    .strictObject({ contact: z.string(), owner: OwnerId })
    .meta({ description: "The contact's owner at the end." }),
  z
    .strictObject({
      credit: z.strictObject({ model: z.enum(ATTRIBUTION_MODELS), channel: z.string().min(1) }),
      amount: z.number(),
      within: z
        .number()
        .min(0)
        .optional()
        .meta({ description: "How far off the credit may be (default 0.01)." }),
    })
    .meta({
      description:
        "The channel's credit under the model, summed over the scenario's conversions (the attribution report of its period).",
    }),
  z
    .strictObject({
      account: z
        .string()
        .min(1)
        .meta({ description: 'An account: "acme.example", or a contact\'s `account` field.' }),
      stage: z.optional(StageName),
      owner: z.optional(OwnerId),
    })
    .meta({
      description:
        "The account at the end: it has contacts, and its stage (the latest any of its contacts is in) and owner are these.",
    }),
]);
export type Expectation = z.infer<typeof Expectation>;

export const Scenario = z
  .strictObject({
    $schema: z.string().optional(),
    kind: z.literal("scenario"),
    name: z.string().min(1),
    description: z.string().optional(),
    start: z.iso.datetime({ offset: true }),
    until: Moment,
    contacts: z.array(ContactInput).min(1),
    enroll: z
      .array(z.strictObject({ contact: z.string(), into: WorkflowId, at: Moment.optional() }))
      .default([]),
    events: z.array(ScenarioEvent).default([]),
    completeTasks: z
      .array(
        z.strictObject({
          contact: z.string(),
          task: StepRef,
          at: Moment.optional(),
          afterCreated: Delay.optional(),
        }),
      )
      .default([]),
    expect: z.array(Expectation).min(1),
  })
  .meta({ description: "A test of the workflows on a virtual clock." });
export type Scenario = z.infer<typeof Scenario>;
