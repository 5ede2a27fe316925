import { z } from "zod";
import { ACCOUNT_ENROLLS, Condition, Scalar, SendWindow } from "../language";

/**
 * What the compiled machines pass to each handler (src/compiler/emit). Objects are not strict:
 * a machine compiled by a newer Handoff may add fields that an older handler ignores.
 */
const base = { workflow: z.string().min(1), enrollmentId: z.string().min(1), contactId: z.string().min(1) };

export const CompleteSpec = z.object({ setStage: z.string().optional(), enroll: z.string().optional() });
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
  seconds: z.number().int().positive(),
  /** The send window of the email after the wait; absent when it has none (or for a settle). */
  sendWindow: SendWindow.optional(),
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
    replyTo: z.string().optional(),
    preheader: z.string().optional(),
    sendWindow: SendWindow.nullable(),
  }),
  complete: CompleteSpec.optional(),
  /**
   * The machine holds a paced email (routes Handoff.SendPaced to the plan hold). Machines compiled
   * before pacing lack it: their emails go out unpaced, and SES throttling stays a retry.
   */
  paced: z.literal(true).optional(),
  /**
   * Machines compiled before issue 16 only: the wait after this email, its length and the send
   * window of the email after it (the handler returns the stretched length). Kept for executions
   * still running on an older definition.
   */
  nextPause: z.object({ seconds: z.number().int().positive(), sendWindow: SendWindow }).optional(),
  /** The email state's own token (`.waitForTaskToken`): set with `pauseAfter`. */
  taskToken: z.string().optional(),
  /** The pause this email state keeps after sending. */
  pauseAfter: PauseAfter.optional(),
});
export type EmailPayload = z.infer<typeof EmailPayload>;

export const PausePayload = z.object({
  ...base,
  mode: z.literal("plan").optional(),
  taskToken: z.string().optional(),
  step: z.object({
    id: z.string(),
    type: z.enum(["wait", "waitFor", "hold", "settle"]),
    seconds: z.number().int().positive().optional(),
    event: z.string().optional(),
    link: z.string().optional(),
    where: z.record(z.string(), Scalar).optional(),
    sendWindow: SendWindow.optional(),
  }),
  /** A hold's length and the second reserved for the email after it (0: none), from the plan. */
  hold: z
    .object({ seconds: z.number().int().positive(), slot: z.number().int().nonnegative().optional() })
    .optional(),
  /** A window-aware wait's length and the second reserved for the email after it (0: none), from the email before it. */
  pause: z
    .object({ seconds: z.number().int().positive(), slot: z.number().int().nonnegative().optional() })
    .optional(),
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
        .array(z.object({ weight: z.number(), next: z.string(), name: z.string().optional() }))
        .min(1),
    }),
  ]),
});
export type DecidePayload = z.infer<typeof DecidePayload>;

export const SetStagePayload = z.object({
  ...base,
  step: z.object({ id: z.string(), type: z.literal("setStage"), stage: z.string() }),
  complete: CompleteSpec.optional(),
});
export type SetStagePayload = z.infer<typeof SetStagePayload>;

export const NotifyPayload = z.object({
  ...base,
  step: z.object({ id: z.string(), type: z.literal("notify"), slack: z.string(), message: z.string() }),
  complete: CompleteSpec.optional(),
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
    notes: z.string().optional(),
    seconds: z.number().int().positive(),
    notify: z.object({ slack: z.string(), message: z.string().optional() }).optional(),
  }),
});
export type TaskPayload = z.infer<typeof TaskPayload>;

export const HandoffPayload = z.object({
  ...base,
  handoff: z.object({
    to: z.string(),
    setStage: z.string().optional(),
    assign: z.string().optional(),
    notify: z.object({ slack: z.string(), message: z.string().optional() }).optional(),
    /** An account handoff (src/core/engine/account-handoff.ts): who of the account goes to `to`. */
    scope: z.literal("account").optional(),
    enroll: z.enum(ACCOUNT_ENROLLS).optional(),
  }),
});
export type HandoffPayload = z.infer<typeof HandoffPayload>;

export const CompletePayload = z.object({ ...base, complete: CompleteSpec });
export type CompletePayload = z.infer<typeof CompletePayload>;
