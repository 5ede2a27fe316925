import { z } from "zod";
import { Condition } from "./condition";
import { Duration } from "./duration";
import { Address, EventName, LinkTag, Scalar, SlackName, StageName, StepId, TemplateId } from "./names";
import { SendWindow } from "./send-window";

/** Where (a Slack name from settings) and what (Liquid; default: a sentence Handoff writes) to post. */
export const SlackNotify = z.strictObject({
  slack: SlackName,
  message: z.string().min(1).max(3000).optional(),
});
export type SlackNotify = z.infer<typeof SlackNotify>;

const next = z.optional(StepId).meta({ description: "Jump forward to this step instead of the one below." });
const description = z.string().optional().meta({ description: "A note for readers; ignored by Handoff." });

/** The schema of one type of step: the fields every step has (id, type, description), then its own. */
function stepOf<const Type extends string, Fields extends z.core.$ZodLooseShape>(type: Type, fields: Fields) {
  return z.strictObject({ id: StepId, description, type: z.literal(type), ...fields });
}

export const EmailStep = stepOf("email", {
  template: TemplateId.check(
    z.meta({
      description: "templates/<template>.mjml (or .html), with an optional .txt part.",
    }),
  ),
  subject: z.string().min(1).max(250),
  from: z.optional(Address),
  replyTo: z.optional(StepId).meta({
    description: "An earlier email step: this one goes out in the same thread.",
  }),
  preheader: z.string().max(250).optional(),
  sendWindow: z.optional(SendWindow).meta({
    description: "Overrides the workflow's send window for this email.",
  }),
  next,
});
export type EmailStep = z.infer<typeof EmailStep>;

export const WaitStep = stepOf("wait", { duration: Duration, next });
export type WaitStep = z.infer<typeof WaitStep>;

export const WaitForStep = stepOf("waitFor", {
  event: EventName,
  link: z.optional(LinkTag),
  where: z.record(z.string(), Scalar).optional(),
  timeout: Duration,
  then: z.optional(StepId).meta({ description: "Where to go when the event came (default: the next step)." }),
  else: z.optional(StepId).meta({ description: "Where to go when it did not (default: the next step)." }),
});
export type WaitForStep = z.infer<typeof WaitForStep>;

export const BranchStep = stepOf("branch", { if: Condition, then: StepId, else: StepId });
export type BranchStep = z.infer<typeof BranchStep>;

export const SplitVariant = z.strictObject({
  name: z.string().optional(),
  weight: z.number().int().min(1).max(100),
  next: StepId,
});
export type SplitVariant = z.infer<typeof SplitVariant>;

export const SplitStep = stepOf("split", { variants: z.array(SplitVariant).min(2).max(10) });
export type SplitStep = z.infer<typeof SplitStep>;

export const SetStageStep = stepOf("setStage", { stage: StageName, next });
export type SetStageStep = z.infer<typeof SetStageStep>;

export const NotifyStep = stepOf("notify", { slack: SlackName, message: z.string().min(1).max(3000), next });
export type NotifyStep = z.infer<typeof NotifyStep>;

export const TaskStep = stepOf("task", {
  task: z.enum(["call", "linkedin", "manual"]),
  title: z.string().min(1).max(250),
  notes: z.string().max(3000).optional(),
  timeout: Duration.check(
    z.meta({ description: "How long the enrollment waits for the rep before moving on." }),
  ),
  notify: SlackNotify.optional().meta({
    description: "Tell a Slack channel when the task is created, @-mentioning the owner.",
  }),
  next,
});
export type TaskStep = z.infer<typeof TaskStep>;

export const Step = z.discriminatedUnion("type", [
  EmailStep,
  WaitStep,
  WaitForStep,
  BranchStep,
  SplitStep,
  SetStageStep,
  NotifyStep,
  TaskStep,
]);
export type Step = z.infer<typeof Step>;
export type StepType = Step["type"];
export const STEP_TYPES = [
  "email",
  "wait",
  "waitFor",
  "branch",
  "split",
  "setStage",
  "notify",
  "task",
] as const;
