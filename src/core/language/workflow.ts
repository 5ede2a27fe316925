import { z } from "zod";
import { Condition } from "./condition";
import { DurationOrZero } from "./duration";
import { Address, OwnerChoice, StageName, WorkflowId } from "./names";
import { SendWindow } from "./send-window";
import { SlackNotify, Step } from "./step";
import { ACCOUNT_ENROLLS } from "./vocabulary";

export { ACCOUNT_ENROLLS, type AccountEnroll } from "./vocabulary";

const common = {
  $schema: z.string().optional(),
  schemaVersion: z.literal(1).meta({ description: "Version of the campaign language; 1." }),
  id: WorkflowId,
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  from: z.optional(Address).meta({ description: "Sender; default: settings.defaultFrom." }),
  sendWindow: z.optional(SendWindow),
  enrollWhen: z.optional(Condition).meta({ description: "Enrolls a contact when this becomes true." }),
  reenroll: z
    .boolean()
    .optional()
    .meta({ description: "May a contact enter again after leaving? Default false." }),
  onComplete: z
    .strictObject({ setStage: z.optional(StageName), enroll: z.optional(WorkflowId) })
    .optional()
    .meta({ description: "What happens to a contact who reaches the end." }),
  goal: z.optional(Condition).meta({
    description:
      "When this becomes true, at any point (mid-wait included), the contact leaves as converted: no handoff, no onComplete.",
  }),
  settle: z.optional(DurationOrZero).meta({
    description:
      'How long the enrollment stays open after the last step, so a reply or click still hands off, stops or converts; default "3d", "0m" ends at once.',
  }),
  steps: z.array(Step).min(1),
};

/** Whom a handoff hands off: the contact (default), or its whole account. */
export const HANDOFF_SCOPES = ["contact", "account"] as const;
export type HandoffScope = (typeof HANDOFF_SCOPES)[number];

/** How long an enrollment stays open after its last step when the workflow does not say. */
export const DEFAULT_SETTLE = "3d";

export const Handoff = z.strictObject({
  when: Condition,
  to: WorkflowId.check(z.meta({ description: "The sequence (or campaign) the contact moves to." })),
  setStage: z.optional(StageName),
  assign: z.optional(OwnerChoice).meta({
    description: 'Owner for contacts without one: "round-robin" or an owner id.',
  }),
  notify: SlackNotify.optional().meta({
    description: "Tell a Slack channel of the handoff, @-mentioning the owner.",
  }),
  scope: z.enum(HANDOFF_SCOPES).optional().meta({
    description:
      '"contact" (default): hand off this contact; "account": its whole account gets one owner, Slack is told once, and `enroll` says who goes to `to`.',
  }),
  enroll: z.enum(ACCOUNT_ENROLLS).optional().meta({
    description:
      'With "scope": "account", who is enrolled in `to`: "triggering" (default: the contact whose rule fired), "engaged" (also every engaged contact of the account) or "all".',
  }),
});
export type Handoff = z.infer<typeof Handoff>;

/** The schema of one kind of workflow: the fields both kinds have, its kind, then its own. */
function workflowOf<const Kind extends string, Fields extends z.core.$ZodLooseShape>(
  kind: Kind,
  description: string,
  fields: Fields,
) {
  return z.strictObject({ ...common, kind: z.literal(kind), ...fields }).meta({ description });
}

export const Campaign = workflowOf("campaign", "A marketing drip campaign.", {
  exitWhen: z.optional(Condition).meta({ description: "Ends the drip at once, without a handoff." }),
  handoff: Handoff.optional(),
});
export type Campaign = z.infer<typeof Campaign>;

export const Sequence = workflowOf("sequence", "A sales outreach sequence.", {
  stopWhen: z.optional(Condition).meta({ description: "Ends the sequence at once, mid-wait included." }),
});
export type Sequence = z.infer<typeof Sequence>;

export type Workflow = Campaign | Sequence;
