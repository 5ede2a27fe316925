import { Condition, Scalar, SendWindow } from "../language/input-schemas";
import { ACCOUNT_ENROLLS } from "../language/vocabulary";
import * as z from "../language/zod-mini";

/**
 * What the compiled machines pass to each handler (src/compiler/emit). Objects are not strict:
 * a machine compiled by a newer Handoff may add fields that an older handler ignores.
 */
const base = {
  workflow: z.string().check(z.minLength(1)),
  enrollmentId: z.string().check(z.minLength(1)),
  contactId: z.string().check(z.minLength(1)),
};

export const CompleteSpec = z.object({ setStage: z.optional(z.string()), enroll: z.optional(z.string()) });
export type CompleteSpec = z.infer<typeof CompleteSpec>;

/**
 * The wait (or the end's settle) folded into the email state before it: the state sends, then
 * sleeps on its token for `seconds` (its TimeoutSeconds). When the next email's window or the send
 * rate needs a longer pause, the handler succeeds its own token with `{ pause: { seconds, slot } }`
 * and the state goes on to the wait's own state `stepId` (docs/compiled-shape.md).
 */
export const PauseAfter = z.object({
  stepId: z.string(),
  kind: z.enum(["wait", "settle"]),
  seconds: z.int().check(z.positive()),
  /** The send window of the email after the wait; absent when it has none (or for a settle). */
  sendWindow: z.optional(SendWindow),
});
export type PauseAfter = z.infer<typeof PauseAfter>;

export const EmailPayload = z.object({
  ...base,
  step: z.object({
    id: z.string(),
    type: z.literal("email"),
    template: z.string(),
    subject: z.string(),
    from: z.string(),
    replyTo: z.optional(z.string()),
    preheader: z.optional(z.string()),
    sendWindow: z.nullable(SendWindow),
  }),
  complete: z.optional(CompleteSpec),
  /**
   * The machine holds a paced email (routes Handoff.SendPaced to the plan hold). Machines compiled
   * before pacing lack it: their emails go out unpaced, and SES throttling stays a retry.
   */
  paced: z.optional(z.literal(true)),
  /**
   * Machines compiled before issue 16 only: the wait after this email, its length and the send
   * window of the email after it (the handler returns the stretched length). Kept for executions
   * still running on an older definition.
   */
  nextPause: z.optional(z.object({ seconds: z.int().check(z.positive()), sendWindow: SendWindow })),
  /** The email state's own token (`.waitForTaskToken`): set with `pauseAfter`. */
  taskToken: z.optional(z.string()),
  /** The pause this email state keeps after sending. */
  pauseAfter: z.optional(PauseAfter),
});
export type EmailPayload = z.infer<typeof EmailPayload>;

/** A pause's length and the second reserved for the email after it (0: none). */
const PauseLength = z.object({
  seconds: z.int().check(z.positive()),
  slot: z.optional(z.int().check(z.nonnegative())),
});

export const PausePayload = z.object({
  ...base,
  mode: z.optional(z.literal("plan")),
  taskToken: z.optional(z.string()),
  step: z.object({
    id: z.string(),
    type: z.enum(["wait", "waitFor", "hold", "settle"]),
    seconds: z.optional(z.int().check(z.positive())),
    event: z.optional(z.string()),
    link: z.optional(z.string()),
    where: z.optional(z.record(z.string(), Scalar)),
    sendWindow: z.optional(SendWindow),
  }),
  /** A hold's length and the second reserved for the email after it (0: none), from the plan. */
  hold: z.optional(PauseLength),
  /** A window-aware wait's length and the second reserved for the email after it (0: none), from the email before it. */
  pause: z.optional(PauseLength),
});
export type PausePayload = z.infer<typeof PausePayload>;

export const DecidePayload = z.object({
  ...base,
  step: z.discriminatedUnion("type", [
    z.object({
      id: z.string(),
      type: z.literal("branch"),
      if: Condition,
      then: z.string(),
      else: z.string(),
    }),
    z.object({
      id: z.string(),
      type: z.literal("split"),
      variants: z
        .array(z.object({ weight: z.number(), next: z.string(), name: z.optional(z.string()) }))
        .check(z.minLength(1)),
    }),
  ]),
});
export type DecidePayload = z.infer<typeof DecidePayload>;

export const SetStagePayload = z.object({
  ...base,
  step: z.object({ id: z.string(), type: z.literal("setStage"), stage: z.string() }),
  complete: z.optional(CompleteSpec),
});
export type SetStagePayload = z.infer<typeof SetStagePayload>;

export const NotifyPayload = z.object({
  ...base,
  step: z.object({ id: z.string(), type: z.literal("notify"), slack: z.string(), message: z.string() }),
  complete: z.optional(CompleteSpec),
});
export type NotifyPayload = z.infer<typeof NotifyPayload>;

export const TaskPayload = z.object({
  ...base,
  taskToken: z.string(),
  step: z.object({
    id: z.string(),
    type: z.literal("task"),
    task: z.enum(["call", "linkedin", "manual"]),
    title: z.string(),
    notes: z.optional(z.string()),
    seconds: z.int().check(z.positive()),
    notify: z.optional(z.object({ slack: z.string(), message: z.optional(z.string()) })),
  }),
});
export type TaskPayload = z.infer<typeof TaskPayload>;

export const HandoffPayload = z.object({
  ...base,
  handoff: z.object({
    to: z.string(),
    setStage: z.optional(z.string()),
    assign: z.optional(z.string()),
    notify: z.optional(z.object({ slack: z.string(), message: z.optional(z.string()) })),
    /** An account handoff (src/core/engine/account-handoff.ts): who of the account goes to `to`. */
    scope: z.optional(z.literal("account")),
    enroll: z.optional(z.enum(ACCOUNT_ENROLLS)),
  }),
});
export type HandoffPayload = z.infer<typeof HandoffPayload>;

export const CompletePayload = z.object({ ...base, complete: CompleteSpec });
export type CompletePayload = z.infer<typeof CompletePayload>;
